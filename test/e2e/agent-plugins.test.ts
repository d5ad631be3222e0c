/**
 * The agent with real Go plugins built with hashicorp/go-plugin (Botkube's
 * kind): a Go source's event stream reaches a channel and is opened again
 * after the source dies; a Go executor (no ExecuteStream) answers; configs
 * of every bound group go to the plugin in binding order.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PluginIndexServer, pluginExecutableName } from 'chatkube';
import { api, configFile, listen, say, startAgent } from '../lib/agent.js';
import { ECHO_BIN, goBin, isRunning, scratch } from '../lib/paths.js';

const dir = scratch();
const plugins = join(dir, 'plugins');
mkdirSync(plugins);
symlinkSync(ECHO_BIN, join(plugins, pluginExecutableName('executor', 'echo')));
symlinkSync(goBin('go-echo-executor'), join(plugins, pluginExecutableName('executor', 'goecho')));
symlinkSync(goBin('go-source'), join(plugins, pluginExecutableName('source', 'gosource')));

const config = configFile(
  dir,
  `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [lower, upper, go], sources: [ticks] } }
        reversed: { name: reversed, bindings: { executors: [upper, lower], sources: [] } }
executors:
  lower:
    chatkube/echo: { enabled: true, config: { changeResponseToUpperCase: false } }
  upper:
    chatkube/echo: { enabled: true, config: { changeResponseToUpperCase: true } }
  go:
    chatkube/goecho: { enabled: true }
sources:
  ticks:
    chatkube/gosource: { enabled: true, config: { intervalMs: 100 } }
settings:
  clusterName: go-cluster
  stateDir: ${join(dir, 'state')}
`,
);

const text = (answer: { body: { replies: { baseBody?: { codeBlock?: string; plaintext?: string } }[] } }): string[] =>
  answer.body.replies.map((reply) => reply.baseBody?.codeBlock ?? reply.baseBody?.plaintext ?? '');

describe('the agent with Go plugins', async () => {
  const agent = await startAgent(['--config', config, '--log-format', 'text'], {
    CHATKUBE_BUNDLED_PLUGINS_DIR: plugins,
    CHATKUBE_LOG_LEVEL: 'info',
  });

  it('delivers the Go source event stream to the bound channel, live', async () => {
    const socket = await listen(agent);
    const first = await socket.next(
      (f) => f.channel === 'ops' && /^event \d+$/.test(f.message.message?.baseBody?.plaintext ?? ''),
    );
    const n = Number(first.message.message.baseBody.plaintext.split(' ')[1]);
    await socket.next((f) => f.channel === 'ops' && f.message.message?.baseBody?.plaintext === `event ${n + 1}`);
  });

  it('opens the stream again once the source that died is started again', async () => {
    const ready = async () =>
      (await api(agent, '/readyz')).body.plugins.find((p: { key: string }) => p.key === 'chatkube/gosource') as {
        pid: number;
        state: string;
        restarts: number;
      };
    const before = await ready();
    const socket = await listen(agent);
    process.kill(before.pid, 'SIGKILL');
    // A new process numbers its events from 0 again.
    await socket.next((f) => f.channel === 'ops' && f.message.message?.baseBody?.plaintext === 'event 0', 20_000);
    const after = await ready();
    assert.equal(after.state, 'running');
    assert.equal(after.restarts, 1);
    assert.notEqual(after.pid, before.pid);
    assert.equal(isRunning(before.pid), false);
  });

  it('runs a Go executor that has no ExecuteStream, through Execute', async () => {
    assert.deepEqual(text(await say(agent, 'ops', 'goecho hi')), ['goecho hi']);
    assert.deepEqual(text(await say(agent, 'ops', 'goecho again')), ['goecho again']);
  });

  it('sends the configs of every bound group, in binding order: the later wins', async () => {
    assert.deepEqual(text(await say(agent, 'ops', 'echo hi')), ['ECHO HI']);
    assert.deepEqual(text(await say(agent, 'reversed', 'echo hi')), ['echo hi']);
  });

  it('takes the answer header from --bk-cmd-header', async () => {
    const { body } = await say(agent, 'ops', 'echo hi --bk-cmd-header="Deploy check"');
    const history = (await api(agent, `/api/v1/webchat/channels/ops/messages?after=${body.id}`)).body.messages;
    assert.equal(history.find((e: { replyTo?: string }) => e.replyTo === body.id)?.header, 'Deploy check');
  });

  it('logs as text for people with --log-format text', () => {
    assert.match(agent.stderr(), /^\d\d:\d\d:\d\d\.\d{3} INFO {2}chatkube is ready url=http:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(agent.stderr(), /INFO {2}plugin started plugin=chatkube\/gosource kind=source/);
  });

  it('stops with its plugins', async () => {
    const pids = (await api(agent, '/readyz')).body.plugins.map((p: { pid: number }) => p.pid);
    assert.equal(pids.length, 3);
    assert.equal(await agent.stop(), 0);
    for (const pid of pids) assert.equal(isRunning(pid), false);
  });
});

describe('the agent with a plugin from a remote repository', async () => {
  const root = scratch();
  const binaries = join(root, 'binaries');
  mkdirSync(binaries);
  copyFileSync(goBin('go-echo-executor'), join(binaries, pluginExecutableName('executor', 'echo')));
  const server = await PluginIndexServer.start({ dir: binaries, host: '127.0.0.1', port: 0 });
  after(() => server.close());
  const cacheDir = join(root, 'cache');
  const remote = configFile(
    root,
    `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [remote], sources: [] } }
executors:
  remote:
    local/echo: { enabled: true }
plugins:
  cacheDir: ${cacheDir}
  repositories:
    local: { url: ${server.indexUrl} }
settings:
  stateDir: ${join(root, 'state')}
`,
  );

  it('downloads it, verified, runs it, and finds it in its cache the next time', async () => {
    let agent = await startAgent(['--config', remote]);
    assert.deepEqual(text(await say(agent, 'ops', 'echo from afar')), ['echo from afar']);
    assert.match(text(await say(agent, 'ops', 'list executors'))[0] ?? '', /local\/echo +true +0\/10 +Running/);
    assert.equal(await agent.stop(), 0);
    // The repository is gone: the cached, verified binary is enough.
    await server.close();
    agent = await startAgent(['--config', remote]);
    assert.deepEqual(text(await say(agent, 'ops', 'echo from the cache')), ['echo from the cache']);
    assert.equal(await agent.stop(), 0);
  });
});

describe('the agent with a plugin config that does not match the plugin schema', async () => {
  const root = scratch();
  const config = configFile(
    root,
    `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [tools], sources: [] } }
executors:
  tools:
    chatkube/echo: { enabled: true, config: { changeResponseToUpperCase: "yes", colour: blue } }
settings:
  stateDir: ${join(root, 'state')}
`,
  );
  const agent = await startAgent(['--config', config]);
  after(() => agent.stop());

  it('does not run it, and says which group, plugin and path are wrong', async () => {
    const echo = (await api(agent, '/readyz')).body.plugins.find((p: { key: string }) => p.key === 'chatkube/echo');
    assert.equal(echo.state, 'failed');
    assert.equal(echo.restarts, 0);
    assert.match(echo.lastError, /executors\.tools\.chatkube\/echo\.config\.changeResponseToUpperCase: must be boolean/);
    assert.match(echo.lastError, /executors\.tools\.chatkube\/echo\.config: must NOT have additional properties \(colour\)/);
    const [answer] = text(await say(agent, 'ops', 'echo hi'));
    assert.match(
      answer ?? '',
      /^echo is not available: plugin chatkube\/echo could not be started: .*changeResponseToUpperCase: must be boolean/,
    );
  });
});
