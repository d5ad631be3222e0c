/**
 * Review findings of the kubectl executor, each proven against the real
 * plugin object with the recording stand-in kubectl (and, where a finding
 * rests on what kubectl itself does, against the real kubectl on PATH).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { ExecuteInput, ExecuteOutput, Message } from '@chatkube/api';
import { kubectl } from '../src/index.js';
import { RecordingKubectl } from './recording-kubectl.js';

const fake = new RecordingKubectl();
const saved = { ...process.env };
before(() => {
  process.env.PLUGIN_DEPENDENCY_DIR = fake.dir;
  delete process.env.KUBECONFIG;
});
after(() => {
  process.env = saved;
});
beforeEach(() => {
  fake.clear();
  fake.script({});
});

const input = (command: string, configs: unknown[] = []): ExecuteInput => ({
  command,
  configs,
  context: { isInteractivitySupported: false, incomingWebhook: { baseSourceURL: '' } },
});
const text = (message: Message | undefined): string => message?.baseBody?.codeBlock ?? message?.baseBody?.plaintext ?? '';

async function answer(command: string, configs: unknown[] = []): Promise<string> {
  const result = kubectl.execute(input(command, configs), new AbortController().signal);
  const all: ExecuteOutput[] = [];
  if (Symbol.asyncIterator in result) for await (const output of result) all.push(output);
  else all.push(await result);
  return text(all.at(-1)?.message);
}

const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXZhbHVl';

describe('finding K1: kubectl reads _ in a flag name as - (--as_group is --as-group), and the plugin lets it through', () => {
  it('premise: the real kubectl sends Impersonate-Group for --as_group', async () => {
    const dir = fake.dir;
    const kubeconfig = join(dir, 'premise-kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:9"}}]\n' +
        'contexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {as: chat-user}}]\n',
    );
    const run = promisify(execFile);
    const result = await run('kubectl', ['get', 'pods', '--as_group=system:masters', '--request-timeout=2s', '-v=8'], {
      env: { PATH: saved.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig },
    }).catch((error: { stdout: string; stderr: string }) => error);
    assert.match(result.stderr, /Impersonate-Group: system:masters/);
    assert.match(result.stderr, /Impersonate-User: chat-user/);
  });

  for (const flag of [
    '--as_group=system:masters',
    '--as_uid=0',
    '--client_certificate=/etc/kubernetes/pki/admin.crt',
    '--client_key=/etc/kubernetes/pki/admin.key',
    '--certificate_authority=/tmp/ca.crt',
    '--insecure_skip_tls_verify=true',
    '--tls_server_name=evil',
    '--cache_dir=/tmp/written-by-chat',
  ]) {
    it(`refuses ${flag} and runs nothing`, async () => {
      const said = await answer(`kubectl get pods ${flag}`);
      assert.deepEqual(
        fake.calls().map((call) => call.argv),
        [],
        `kubectl ran: ${said}`,
      );
      assert.match(said, /not allowed/);
    });
  }

  it('refuses cluster-info dump --output_directory (it writes files on the host)', async () => {
    const said = await answer('kubectl cluster-info dump --output_directory=/tmp/written-by-chat');
    assert.deepEqual(fake.calls(), [], `kubectl ran: ${said}`);
  });
});

describe('finding K2: -o kyaml (kubectl 1.34+) prints Secret values, and the plugin shows them', () => {
  it('never shows a Secret value whatever the output format', async () => {
    fake.script({
      'get secrets': {
        stdout: `{\n  apiVersion: "v1",\n  kind: "Secret",\n  metadata: {\n    name: "db",\n  },\n  data: {\n    password: "${SECRET_VALUE}",\n  },\n}\n`,
      },
    });
    const said = await answer('kubectl get secrets db -o kyaml');
    assert.doesNotMatch(said, new RegExp(SECRET_VALUE));
  });
});

describe('finding K3: YAML output cut at the 8 MiB limit still parses, and the Secret cut before its kind line is shown', () => {
  it('never shows a Secret value of a truncated answer', async () => {
    const limit = 8 * 1024 * 1024;
    const head = 'apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    big: ';
    const padding = 'x'.repeat(limit - head.length - 200);
    // kubectl's YAML keys are sorted: data comes before kind, so a cut inside data leaves no kind.
    const stdout =
      `${head}${padding}\n  kind: ConfigMap\n  metadata:\n    name: big\n` +
      `- apiVersion: v1\n  data:\n    password: ${SECRET_VALUE}\n    zpadding: ${'y'.repeat(4096)}\n` +
      '  kind: Secret\n  metadata:\n    name: db\nkind: List\nmetadata:\n  resourceVersion: ""\n';
    fake.script({ 'get configmaps,secrets': { stdout } });
    const said = await answer('kubectl get configmaps,secrets -o yaml');
    assert.ok(!said.includes(SECRET_VALUE), `the answer shows the Secret value: …${said.slice(-300)}`);
  });
});

describe('finding K4: create --from-file, --from-env-file, secret tls --cert/--key and patch --patch-file read files on the agent host', () => {
  const configs = [{ allowed: { verbs: ['get', 'create', 'patch'] } }];
  for (const command of [
    'kubectl create configmap stolen --from-file=/etc/passwd',
    'kubectl create configmap stolen --from-env-file=/proc/self/environ',
    'kubectl create secret generic stolen --from-file=key=/var/run/secrets/kubernetes.io/serviceaccount/token',
    'kubectl create secret tls stolen --cert=/etc/ssl/private/agent.crt --key=/etc/ssl/private/agent.key',
    'kubectl patch deployment web --patch-file=/home/agent/.kube/config',
  ]) {
    it(`refuses ${command}`, async () => {
      const said = await answer(command, configs);
      assert.deepEqual(fake.calls(), [], `kubectl ran: ${said}`);
    });
  }
});

describe('finding K5: --follow=1, --watch=T (Go booleans) are not seen as streams', () => {
  it('streams logs --follow=1 as it streams logs -f (kubectl reads 1, t, T, TRUE, True as true)', async () => {
    fake.script({ logs: { stdout: 'line 1\n' } });
    for (const spelling of ['--follow=1', '--follow=T', '--follow=TRUE']) {
      const result = kubectl.execute(input(`kubectl logs web ${spelling}`), new AbortController().signal);
      const streamed = Symbol.asyncIterator in result;
      if (streamed) for await (const _ of result) void _;
      else await result;
      assert.ok(streamed, `${spelling} is not streamed: kubectl would run to the 60 s timeout, its output not tailed`);
    }
  });

  it('streams get --watch=t', async () => {
    fake.script({ get: { stdout: 'NAME\nweb\n' } });
    const result = kubectl.execute(input('kubectl get pods --watch=t'), new AbortController().signal);
    const streamed = Symbol.asyncIterator in result;
    if (streamed) for await (const _ of result) void _;
    else await result;
    assert.ok(streamed, '--watch=t is not streamed');
  });
});

describe('finding R1 (streams): logs -f cancelled while its kubeconfig is written streams until streamTimeout', () => {
  it('starts no kubectl once the call is cancelled', async () => {
    fake.script({ logs: { stream: true } });
    const cancel = new AbortController();
    const result = kubectl.execute(
      {
        ...input('kubectl logs web -f', [{ streamTimeout: '1500ms' }]),
        context: { ...input('').context, kubeConfig: new TextEncoder().encode('apiVersion: v1\nkind: Config\n') },
      },
      cancel.signal,
    );
    assert.ok(Symbol.asyncIterator in result);
    const updates = result[Symbol.asyncIterator]();
    const first = updates.next();
    // The generator now awaits the kubeconfig file; the call is cancelled meanwhile.
    cancel.abort();
    try {
      for (let next = await first; !next.done; next = await updates.next()) void next;
    } catch {
      // cancelled: what should happen
    }
    // Started after the call was cancelled, kubectl is stopped only by streamTimeout.
    assert.deepEqual(
      fake.calls().map((call) => call.argv),
      [],
      'kubectl was started after the call was cancelled',
    );
  });
});

describe('finding K6: get secrets --sort-by=.data.<key> orders Secrets by their values (an oracle: with create, a search)', () => {
  for (const command of [
    'kubectl get secrets --sort-by=.data.password',
    'kubectl get secrets --sort-by {.data.password} -o name',
    'kubectl get secret --sort-by=.stringData.x',
  ]) {
    it(`refuses ${command}`, async () => {
      const said = await answer(command);
      assert.deepEqual(fake.calls(), [], `kubectl ran: ${said}`);
      assert.match(said, /not allowed for Secrets/);
    });
  }

  it('still sorts Secrets by their metadata', async () => {
    await answer('kubectl get secrets --sort-by=.metadata.creationTimestamp');
    assert.equal(fake.calls().length, 1);
  });
});

/** kubectl's YAML of `count` objects of `kind`, two keys of data each: many small nodes, as a cluster's ConfigMaps or Secrets. */
function manyObjectsYaml(kind: string, bytes: number): string {
  const lines = ['apiVersion: v1', 'items:'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = `- apiVersion: v1\n  data:\n    a${i}: dg==\n    b${i}: dw==\n  kind: ${kind}\n  metadata:\n    name: o${i}\n    namespace: default`;
    lines.push(item);
    size += item.length + 1;
  }
  lines.push('kind: List', 'metadata:', '  resourceVersion: ""', '');
  return lines.join('\n');
}

/** Runs one command with the plugin in a worker with the heap limits of the agent's worker runtime. */
function inAgentSizedWorker(command: string): Promise<{ length: number } | { error: string }> {
  const plugin = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '../src/index.js')).href;
  const code = `
    import { parentPort } from 'node:worker_threads';
    const { kubectl } = await import(${JSON.stringify(plugin)});
    const input = { command: ${JSON.stringify(command)}, configs: [], context: { isInteractivitySupported: false, incomingWebhook: { baseSourceURL: '' } } };
    const output = await kubectl.execute(input, new AbortController().signal);
    parentPort.postMessage({ length: JSON.stringify(output).length });
  `;
  return new Promise((resolve) => {
    // The agent's limits (packages/agent/src/plugins/worker/plugin-worker.ts).
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 },
    });
    worker.once('message', (message: { length: number }) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error: Error & { code?: string }) => resolve({ error: `${error.code ?? ''} ${error.message}` }));
  });
}

describe('finding K7: -o yaml output is parsed into a YAML syntax tree, which a few MiB make larger than a worker heap', () => {
  it('answers get configmaps -A -o yaml of 6 MiB in the worker runtime (no Secret in it)', async () => {
    fake.script({ 'get configmaps': { stdout: manyObjectsYaml('ConfigMap', 6 * 1024 * 1024) } });
    const outcome = await inAgentSizedWorker('kubectl get configmaps -A -o yaml');
    assert.ok('length' in outcome, `the kubectl worker died: ${'error' in outcome ? outcome.error : ''}`);
  });

  it('answers get secrets -A -o yaml of 6 MiB in the worker runtime, values redacted', async () => {
    fake.script({ 'get secrets': { stdout: manyObjectsYaml('Secret', 6 * 1024 * 1024) } });
    const outcome = await inAgentSizedWorker('kubectl get secrets -A -o yaml');
    assert.ok('length' in outcome, `the kubectl worker died: ${'error' in outcome ? outcome.error : ''}`);
  });
});
