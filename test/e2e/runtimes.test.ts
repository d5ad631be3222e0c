/**
 * One suite, both runtimes: the same plugins (echo, webhook, the probe)
 * run as a go-plugin process and in a worker thread of the agent, and must
 * answer the same calls with the same shapes and the same coded errors.
 * The only differences allowed are said where they are: how `exited`
 * words a death, and how many events flow control lets a source run ahead.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  type PluginInstance,
  type PluginRef,
  type PluginRuntime,
  PluginSupervisor,
  pluginEnvironment,
  STREAM_WINDOW,
  startPlugin,
} from 'chatkube';
import { pino } from 'pino';
import { collect } from '../lib/host.js';
import { EVENT_PADDING } from '../lib/probe-plugin.js';
import { located, RUNTIMES, refOf, start } from '../lib/runtimes.js';
import { until } from '../lib/until.js';

// In the agent's environment, never in a plugin's.
process.env.CHATKUBE_TEST_SECRET = 'do-not-leak-4b1d';

const text = (output: { message: { baseBody?: { codeBlock?: string } } } | undefined) => output?.message.baseBody?.codeBlock;
const lastText = async (instance: PluginInstance, command: string, configs?: string[]) =>
  text((await collect(instance.executor.execute({ command, ...(configs ? { configs } : {}) }))).at(-1));
const error = (code: string, message?: RegExp) => (e: Error & { code?: string }) => {
  assert.equal(e.code, code, e.message);
  if (message) assert.match(e.message, message);
  return true;
};
/** What the probe source says it has done: events produced, streams ended. */
const probed = async (probe: PluginInstance) =>
  (await probe.source.handleExternalRequest({ payload: new Uint8Array() })).rawObject as {
    produced: number;
    streamsEnded: number;
  };

/** How a plugin that died of `@panic` is said to have ended. */
const PANIC_EXIT: Record<PluginRuntime, string> = {
  process: 'exited with code 1',
  // The worker saw the error that ended it.
  worker: 'threw: The @panic label was specified. Panicking.',
};

/**
 * How many events past those read a source may produce before it has to
 * wait. A worker's stream holds exactly its credit: STREAM_WINDOW, and the
 * one event the plugin holds while it waits. A process is paced by HTTP/2's
 * 64 KiB stream window (about 60 of these 1 KiB events) and grpc-js's
 * buffer of 16 messages: a bound, not an exact count.
 */
const RUN_AHEAD: Record<PluginRuntime, number> = { process: 200, worker: STREAM_WINDOW + 1 };

for (const runtime of RUNTIMES) {
  describe(`the ${runtime} runtime`, async () => {
    const echo = await start(runtime, 'echo');
    const webhook = await start(runtime, 'webhook');

    it('says which it is', () => {
      assert.equal(echo.runtime, runtime);
      assert.equal(webhook.runtime, runtime);
      assert.equal(echo.pid === undefined, runtime === 'worker', 'a worker has no process of its own');
    });

    it("answers an executor's metadata and help", async () => {
      const metadata = await echo.executor.metadata();
      assert.equal(metadata.version, '0.1.0');
      assert.match(metadata.description, /^Echoes the command/);
      assert.equal(JSON.parse(String(metadata.jsonSchema?.value)).title, 'echo');
      const help = await echo.executor.help();
      assert.equal(help.sections?.[0]?.header, 'Echo');
      assert.deepEqual(
        help.sections?.[0]?.buttons?.map((b) => b.command),
        ['{{BotName}} echo hello', '{{BotName}} echo --stream 5 hello'],
      );
    });

    it('executes a command, with the Go-compatible message', async () => {
      const updates = await collect(echo.executor.execute({ command: 'echo hi' }));
      assert.deepEqual(updates, [{ message: { type: 'baseBodyWithFilter', baseBody: { codeBlock: 'echo hi' } } }]);
    });

    it('streams updates as they come', async () => {
      const updates = await collect(echo.executor.execute({ command: 'echo --stream 3 --interval-ms 10 hi' }));
      assert.deepEqual(updates.map(text), ['1/3 echo hi', '1/3 echo hi\n2/3 echo hi', '1/3 echo hi\n2/3 echo hi\n3/3 echo hi']);
    });

    it("answers a plugin's error with its message", async () => {
      await assert.rejects(
        collect(echo.executor.execute({ command: 'echo @fail' })),
        error('CHATKUBE_ERR_PLUGIN_CALL', /^The @fail label was specified\. Failing execution\.$/),
      );
      await assert.rejects(
        collect(echo.executor.execute({ command: 'echo --stream 0 hi' })),
        error('CHATKUBE_ERR_PLUGIN_CALL', /--stream takes a whole number/),
      );
    });

    it('merges configs in binding order, and names the one that is not YAML', async () => {
      assert.equal(await lastText(echo, 'echo hi', ['changeResponseToUpperCase: true']), 'ECHO HI');
      assert.equal(
        await lastText(echo, 'echo hi', ['changeResponseToUpperCase: true', 'changeResponseToUpperCase: false']),
        'echo hi',
      );
      await assert.rejects(
        collect(echo.executor.execute({ command: 'echo hi', configs: ['{}', 'a: [b'] })),
        error('CHATKUBE_ERR_PLUGIN_CALL', /^config 2 of 2 is not valid YAML: /),
      );
    });

    it('cancels a streamed command midway, and the plugin sees its signal abort', async () => {
      const controller = new AbortController();
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const update of echo.executor.execute(
            { command: 'echo --stream 100 --interval-ms 20 hi' },
            controller.signal,
          )) {
            seen.push(text(update) ?? '');
            if (seen.length === 2) controller.abort();
          }
        })(),
        { name: 'AbortError' },
      );
      assert.equal(seen.length, 2);
      assert.equal(await lastText(echo, 'echo still here'), 'echo still here');

      const probe = await start(runtime, 'probe-executor');
      const hanging = new AbortController();
      const call = collect(probe.executor.execute({ command: 'probe hang' }, hanging.signal));
      // The call is in the plugin once another call behind it was answered.
      assert.equal(await lastText(probe, 'probe aborts'), '0');
      hanging.abort();
      await assert.rejects(call, { name: 'AbortError' });
      await until(async () => (await lastText(probe, 'probe aborts')) === '1', { what: 'the plugin seeing the abort' });
    });

    it('gives a plugin the minimal environment, never the agent secrets', async () => {
      const probe = await start(runtime, 'probe-executor');
      const keys = JSON.parse((await lastText(probe, 'probe env')) ?? '[]') as string[];
      assert.ok(!keys.includes('CHATKUBE_TEST_SECRET'), `the secret leaked: ${keys.join(', ')}`);
      // PWD: the shell script that starts the probe process sets it, not the agent.
      assert.deepEqual(
        keys.filter((key) => key !== 'PWD'),
        Object.keys(pluginEnvironment()).sort(),
      );
    });

    it('passes on the variables its entries allow (env), and only those', async () => {
      process.env.CHATKUBE_TEST_ALLOWED = 'allowed-value';
      const probe = await start(runtime, 'probe-executor', undefined, ['CHATKUBE_TEST_ALLOWED', 'CHATKUBE_TEST_UNSET']);
      const keys = JSON.parse((await lastText(probe, 'probe env')) ?? '[]') as string[];
      assert.ok(keys.includes('CHATKUBE_TEST_ALLOWED'), keys.join(', '));
      assert.ok(!keys.includes('CHATKUBE_TEST_UNSET'));
      assert.ok(!keys.includes('CHATKUBE_TEST_SECRET'));
    });

    it("reaches the cluster with settings.kubeconfig, or, impersonated, with none of the agent's credentials", async () => {
      const saved = { ...process.env };
      Object.assign(process.env, {
        KUBECONFIG: '/agent/own/kubeconfig',
        KUBERNETES_SERVICE_HOST: '10.0.0.1',
        KUBERNETES_SERVICE_PORT: '443',
      });
      const envOf = async (ref: PluginRef, kubeconfig?: string): Promise<Record<string, string>> => {
        const probe = await startPlugin(ref, located('probe-executor'), {
          callTimeoutMs: 10_000,
          logger: pino({ level: 'silent' }),
          ...(kubeconfig ? { kubeconfig } : {}),
        });
        try {
          return JSON.parse((await lastText(probe, 'probe env-values')) ?? '{}') as Record<string, string>;
        } finally {
          await probe.close();
        }
      };
      try {
        const plain = await envOf(refOf('probe-executor', runtime));
        assert.equal(plain.KUBECONFIG, '/agent/own/kubeconfig');
        assert.equal(plain.KUBERNETES_SERVICE_HOST, '10.0.0.1');
        const configured = await envOf(refOf('probe-executor', runtime), 'relative/kubeconfig');
        assert.equal(configured.KUBECONFIG, resolve('relative/kubeconfig'));
        // Even when its entries' env lists them.
        const impersonated = await envOf(
          { ...refOf('probe-executor', runtime), impersonated: true, env: ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST'] },
          '/settings/kubeconfig',
        );
        for (const name of ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'])
          assert.equal(impersonated[name], undefined, `${name} reached an impersonated plugin`);
        assert.ok(impersonated.PATH, 'the rest of the minimal environment is there');
      } finally {
        for (const name of ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'])
          if (saved[name] === undefined) delete process.env[name];
          else process.env[name] = saved[name];
      }
    });

    it("logs the plugin's stdout and stderr under its name", async () => {
      const lines: { level: number; msg?: string; stdout?: string; plugin?: string }[] = [];
      const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
      const probe = await start(runtime, 'probe-executor', logger);
      assert.equal(await lastText(probe, 'probe log'), '"logged"');
      await probe.close();
      const warning = lines.find((l) => l.msg === 'probe to stderr');
      assert.equal(warning?.level, 40, '[WARN] lines are warnings');
      assert.equal(warning?.plugin, 'chatkube/probe-executor');
      assert.equal(lines.find((l) => l.stdout === 'probe to stdout')?.level, 20, 'stdout is logged at debug');
    });

    it('turns an incoming webhook into an event, and says what is wrong with a bad body', async () => {
      const event = await webhook.source.handleExternalRequest({
        payload: Buffer.from(JSON.stringify({ title: 'Deploy', text: 'v2' })),
        config: 'title: unused',
      });
      assert.equal(event.message.sections?.[0]?.header, 'Deploy');
      assert.equal(event.message.sections?.[0]?.body?.plaintext, 'v2');
      assert.deepEqual(event.rawObject, { title: 'Deploy', text: 'v2' });
      await assert.rejects(
        webhook.source.handleExternalRequest({ payload: Buffer.from('not json') }),
        error('CHATKUBE_ERR_PLUGIN_CALL', /^the webhook body is not JSON: /),
      );
      await assert.rejects(
        webhook.source.handleExternalRequest({ payload: Buffer.from('{}'), config: 'a: [b' }),
        error('CHATKUBE_ERR_PLUGIN_CALL', /^config 1 of 1 is not valid YAML: /),
      );
      const metadata = await webhook.source.metadata();
      assert.equal(JSON.parse(String(metadata.externalRequest?.payload.jsonSchema?.value)).title, 'webhook payload');
    });

    it('says a source without a stream does not implement it', async () => {
      await assert.rejects(
        collect(webhook.source.stream({ sourceName: 'hooks' })),
        error('CHATKUBE_ERR_PLUGIN_UNIMPLEMENTED', /^plugin chatkube\/webhook does not implement Stream$/),
      );
      await assert.rejects(
        echo.executor.metadata().then(() => collect(echo.source.stream({}))),
        error('CHATKUBE_ERR_PLUGIN_UNIMPLEMENTED'),
        'an executor is no source',
      );
    });

    it('holds an endless source back to what the agent reads, and stops it when the agent stops reading', async () => {
      const probe = await start(runtime, 'probe-source');
      const events = probe.source.stream({ sourceName: 'endless' })[Symbol.asyncIterator]();
      for (let i = 1; i <= 10; i++) {
        const { value } = await events.next();
        const raw = value?.rawObject as { n: number; padding: string } | undefined;
        assert.equal(raw?.n, i);
        assert.equal(raw?.padding.length, EVENT_PADDING);
      }
      // The source would produce thousands of events during these round trips if nothing held it back.
      const counts: number[] = [];
      for (let i = 0; i < 30; i++) counts.push((await probed(probe)).produced);
      const bound = 10 + RUN_AHEAD[runtime];
      assert.ok(
        counts.every((count) => count >= 10 && count <= bound),
        `produced ${counts.join(', ')}; at most ${bound} allowed`,
      );
      await events.return?.();
      await until(async () => (await probed(probe)).streamsEnded === 1, { what: 'the stream ending in the plugin' });
      assert.ok((await probed(probe)).produced <= bound);
    });

    it('dies of @panic: the call fails as the plugin exited, and exited says how', async () => {
      const dying = await start(runtime, 'echo');
      await assert.rejects(collect(dying.executor.execute({ command: 'echo @panic' })), (e: Error & { summary?: string }) => {
        assert.equal((e as { code?: string }).code, 'CHATKUBE_ERR_PLUGIN_EXITED');
        assert.equal(e.summary, 'plugin chatkube/echo exited with code 1');
        return true;
      });
      assert.equal(await dying.exited, PANIC_EXIT[runtime]);
      assert.equal(await dying.healthy(1000), false);
      await assert.rejects(dying.executor.help(), error('CHATKUBE_ERR_PLUGIN_EXITED'), 'a call after its death');
      await dying.close();
    });

    it('is started again under the supervisor after it dies in a call', async () => {
      const supervisor = new PluginSupervisor({
        start: (_kind, ref, options) => startPlugin(ref, located('echo'), options),
        restartPolicy: { type: 'DeactivatePlugin', threshold: 3 },
        healthCheckIntervalMs: 60_000,
        callTimeoutMs: 10_000,
        logger: pino({ level: 'silent' }),
      });
      after(() => supervisor.stop());
      await supervisor.start([{ kind: 'executor', ref: refOf('echo', runtime) }]);
      assert.equal(supervisor.status('executor', 'chatkube/echo')?.runtime, runtime);
      const running = () => supervisor.plugin('executor', 'chatkube/echo').running();
      await assert.rejects(
        collect((await running()).executor.execute({ command: 'echo @panic' })),
        error('CHATKUBE_ERR_PLUGIN_EXITED'),
      );
      assert.equal(await lastText(await running(), 'echo again'), 'echo again');
      const status = supervisor.status('executor', 'chatkube/echo');
      assert.equal(status?.restarts, 1);
      assert.equal(status?.lastError, `plugin chatkube/echo ${PANIC_EXIT[runtime]}`);
    });

    it('fails its health check while stuck in a loop, and the supervisor replaces it', async () => {
      const supervisor = new PluginSupervisor({
        start: (_kind, ref, options) => startPlugin(ref, located('probe-executor'), options),
        restartPolicy: { type: 'DeactivatePlugin', threshold: 3 },
        healthCheckIntervalMs: 500,
        callTimeoutMs: 60_000,
        logger: pino({ level: 'silent' }),
      });
      after(() => supervisor.stop());
      await supervisor.start([{ kind: 'executor', ref: refOf('probe-executor', runtime) }]);
      const running = () => supervisor.plugin('executor', 'chatkube/probe-executor').running();
      const stuck = await running();
      assert.equal(await stuck.healthy(5000), true);
      // The call never ends by itself: only its plugin's replacement ends it.
      await assert.rejects(collect(stuck.executor.execute({ command: 'probe block' })), error('CHATKUBE_ERR_PLUGIN_EXITED'));
      assert.equal(await stuck.healthy(100), false);
      assert.equal(await lastText(await running(), 'probe aborts'), '0');
      assert.ok((supervisor.status('executor', 'chatkube/probe-executor')?.restarts ?? 0) >= 1);
    });

    it('stops on close, and answers nothing after', async () => {
      const stopping = await start(runtime, 'echo');
      assert.equal(await stopping.healthy(5000), true);
      await stopping.close();
      assert.match(await stopping.exited, /^(exited with code 0|was killed by SIGKILL)$/);
      assert.equal(await stopping.healthy(1000), false);
      await assert.rejects(stopping.executor.help(), error('CHATKUBE_ERR_PLUGIN_EXITED'));
    });
  });
}
