/**
 * The helm and exec executors as the agent runs them: bundled executables
 * started by chatkube's host, called over gRPC. helm cannot be installed
 * here, so a recording stand-in takes its place in PLUGIN_DEPENDENCY_DIR.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pluginExecutableName, pluginWorkerModuleName, startPlugin } from 'chatkube';
import { pino } from 'pino';
import { collect, executor } from '../lib/host.js';
import { isRunning, ROOT, scratch } from '../lib/paths.js';
import { until } from '../lib/until.js';

const HELM_BIN = join(ROOT, 'dist/plugins', pluginExecutableName('executor', 'helm'));
const EXEC_BIN = join(ROOT, 'dist/plugins', pluginExecutableName('executor', 'exec'));

/** Records argv, pid and the kubeconfig it got to calls.jsonl; `stepwise` prints a step per next-<n> file; `hang` waits. */
const FAKE_HELM = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
const kc = process.env.KUBECONFIG;
const kube = kc && fs.existsSync(kc) ? { path: kc, content: fs.readFileSync(kc, 'utf8') } : undefined;
fs.appendFileSync(path.join(__dirname, 'calls.jsonl'), JSON.stringify({ args, env: process.env, pid: process.pid, kube }) + '\n');
const waitFor = (file, then) => (fs.existsSync(file) ? then() : setTimeout(() => waitFor(file, then), 10));
if (args.includes('stepwise')) {
  const step = (n) => {
    process.stdout.write('step ' + n + '\n');
    if (n < 3) waitFor(path.join(__dirname, 'next-' + n), () => step(n + 1));
  };
  step(1);
} else if (args.includes('hang')) {
  process.stdout.write('waiting\n');
  setTimeout(() => {}, 60000);
} else {
  process.stdout.write('fake helm: ' + args.join(' ') + '\n');
}
`;

interface HelmCall {
  args: string[];
  env: Record<string, string>;
  pid: number;
  kube?: { path: string; content: string };
}

const deps = scratch();
writeFileSync(join(deps, 'helm'), `#!${process.execPath}\n${FAKE_HELM}`, { mode: 0o755 });
const calls = (): HelmCall[] =>
  existsSync(join(deps, 'calls.jsonl'))
    ? readFileSync(join(deps, 'calls.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HelmCall)
    : [];
const lastCall = (): HelmCall => {
  const call = calls().at(-1);
  assert.ok(call, 'helm ran');
  return call;
};
const helmPlugin = () => executor(HELM_BIN, { name: 'chatkube/helm', env: { PLUGIN_DEPENDENCY_DIR: deps } });

describe('the helm executor, served', () => {
  it('runs helm with argv only: shell syntax and injections stay plain words', async () => {
    const { client } = await helmPlugin();
    const marker = join(deps, 'pwned');
    const output = await client.executeOnce({
      command: `helm status web; rm -rf / $(touch ${marker}) \`touch ${marker}\``,
      configs: ['defaultNamespace: apps'],
    });
    assert.deepEqual(lastCall().args, [
      'status',
      'web;',
      'rm',
      '-rf',
      '/',
      '$(touch',
      `${marker})`,
      '`touch',
      `${marker}\``,
      '-n',
      'apps',
    ]);
    assert.equal(output.message.type, 'baseBodyWithFilter');
    assert.match(output.message.baseBody?.codeBlock ?? '', /^fake helm: status web; rm -rf/);
    assert.equal(existsSync(marker), false);
    const before = calls().length;
    await assert.rejects(client.executeOnce({ command: 'helm list --kubeconfig=/etc/passwd' }), {
      message: 'the flag --kubeconfig is not allowed: it changes which cluster or identity helm uses, which the agent decides',
    });
    await assert.rejects(client.executeOnce({ command: 'helm list\nid' }), { message: /a line break/ });
    assert.equal(calls().length, before, 'refused commands run nothing');
  });

  it("gives helm the call's kubeconfig in a private file, removed after, and none of the plugin's environment", async () => {
    const { client } = await helmPlugin();
    await client.executeOnce({ command: 'helm list -A', kubeConfig: new TextEncoder().encode('kind: Config\n') });
    const { env, kube, args } = lastCall();
    assert.deepEqual(args, ['list', '-A']);
    assert.equal(kube?.content, 'kind: Config\n');
    assert.equal(existsSync(kube?.path ?? ''), false);
    assert.equal(env.PLUGIN_DEPENDENCY_DIR, undefined);
    assert.deepEqual(
      Object.keys(env).sort(),
      ['HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME', 'HELM_DRIVER', 'HOME', 'KUBECONFIG', 'PATH'].filter(
        (k) => k !== 'HOME' || process.env.HOME,
      ),
    );
  });

  it('streams a long operation through ExecuteStream, and Execute answers with the final update', async () => {
    const { client } = await helmPlugin();
    const texts: string[] = [];
    for await (const update of client.execute({ command: 'helm upgrade stepwise repo/chart' })) {
      const text = update.message.baseBody?.codeBlock ?? '';
      texts.push(text);
      const steps = (text.match(/^step \d$/gm) ?? []).length;
      if (steps < 3) writeFileSync(join(deps, `next-${steps}`), '');
    }
    assert.ok(texts.length >= 3, `several updates, got ${texts.length}`);
    assert.equal(texts.at(-1), 'step 1\nstep 2\nstep 3\n');
    const once = await client.executeOnce({ command: 'helm install x repo/chart' });
    assert.equal(once.message.baseBody?.codeBlock, 'fake helm: install x repo/chart -n default\n');
  });

  it('kills helm when the caller aborts a streamed operation', async () => {
    const { client } = await helmPlugin();
    const controller = new AbortController();
    await assert.rejects(
      (async () => {
        for await (const update of client.execute({ command: 'helm uninstall hang' }, controller.signal)) {
          if (update.message.baseBody?.codeBlock?.includes('waiting')) controller.abort();
        }
      })(),
      { name: 'AbortError' },
    );
    const { pid } = lastCall();
    await until(() => !isRunning(pid), { what: 'the stand-in helm being killed' });
  });

  it('serves metadata with a JSON schema and help with buttons', async () => {
    const { client } = await helmPlugin();
    const schema = JSON.parse(String((await client.metadata()).jsonSchema?.value));
    assert.deepEqual(schema.properties.helmDriver.enum, ['secret', 'configmap', 'memory']);
    assert.equal(schema.properties.defaultNamespace.default, 'default');
    assert.equal((await client.help()).sections?.[0]?.buttons?.[0]?.command, '{{BotName}} helm list -A');
  });
});

describe('the helm executor in each runtime', () => {
  for (const runtime of ['process', 'worker'] as const) {
    it(`runs helm from PLUGIN_DEPENDENCY_DIR as a ${runtime}`, async () => {
      const env = { PLUGIN_DEPENDENCY_DIR: deps };
      const located = {
        process: { path: HELM_BIN, env },
        worker: { path: join(ROOT, 'dist/plugins', pluginWorkerModuleName('executor', 'helm')), env },
      };
      const ref = { key: 'chatkube/helm', repo: 'chatkube', name: 'helm', runtime };
      const instance = await startPlugin(ref, located, { callTimeoutMs: 10_000, logger: pino({ level: 'silent' }) });
      try {
        assert.equal(instance.runtime, runtime);
        const [output] = await collect(instance.executor.execute({ command: `helm status ${runtime}-web` }));
        assert.equal(output?.message.baseBody?.codeBlock, `fake helm: status ${runtime}-web -n default\n`);
        assert.equal(lastCall().env.PLUGIN_DEPENDENCY_DIR, undefined, "the plugin's environment stays with the plugin");
      } finally {
        await instance.close();
      }
    });
  }
});

describe('the exec executor, served', () => {
  const TOOL = '#!/bin/sh\nfor a in "$@"; do printf \'%s\\n\' "$a"; done\n';
  const checksum = createHash('sha256').update(TOOL).digest('hex');
  let downloads = 0;
  const server = createServer((request, response) => {
    if (request.url !== '/printer') return void response.writeHead(404).end();
    downloads++;
    response.end(TOOL);
  });
  let config = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/printer`;
    config = JSON.stringify({
      cacheDir: join(scratch(), 'cache'),
      tools: [
        {
          name: 'printer',
          download: { 'linux/amd64': { url, checksum }, 'linux/arm64': { url, checksum } },
          description: 'prints',
        },
        {
          name: 'pods',
          download: { 'linux/amd64': { url, checksum }, 'linux/arm64': { url, checksum } },
          allowedArgs: ['get', 'pods'],
        },
      ],
    });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads a declared tool once and runs it with plain-word arguments', async () => {
    const { client } = await executor(EXEC_BIN, { name: 'chatkube/exec' });
    const marker = join(scratch(), 'pwned');
    const first = await client.executeOnce({ command: `exec printer '; rm -rf /' $(touch ${marker}) \`id\``, configs: [config] });
    assert.equal(first.message.baseBody?.codeBlock, `; rm -rf /\n$(touch\n${marker})\n\`id\`\n`);
    assert.equal(existsSync(marker), false);
    const second = await collect(client.execute({ command: 'exec run printer again', configs: [config] }));
    assert.equal(second.at(-1)?.message.baseBody?.codeBlock, 'again\n');
    assert.equal(downloads, 1);
  });

  it('refuses undeclared tools and arguments no pattern allows', async () => {
    const { client } = await executor(EXEC_BIN, { name: 'chatkube/exec' });
    await assert.rejects(client.executeOnce({ command: 'exec sh -c id', configs: [config] }), {
      message: 'no tool named "sh" may run here; declared: printer, pods (exec list)',
    });
    await assert.rejects(client.executeOnce({ command: 'exec pods get pods --kubeconfig=/etc/passwd', configs: [config] }), {
      message: /^the argument "--kubeconfig=\/etc\/passwd" \(argument 3\) is not allowed for pods/,
    });
    const list = await client.executeOnce({ command: 'exec list', configs: [config] });
    assert.match(list.message.baseBody?.codeBlock ?? '', /^printer — prints \(downloaded for linux\//);
  });
});
