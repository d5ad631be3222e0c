/**
 * The kubernetes source's figures, against the test Kubernetes API server:
 * - RSS of the source process (the bundled executable) watching 5,000 pods
 *   for 3 source groups, idle and after a burst, with V8's default young
 *   generation and a small one; beside it, client-node's own informer holding
 *   the same pods (the alternative not taken);
 * - events/s from pod creations through the source alone (gRPC Stream);
 * - events/s through the agent into a web chat channel.
 * Prints Markdown; asserts nothing.
 *
 * Needs `npm run build` (the test package is built by it too).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeApiServer } from '@chatkube/e2e/dist/lib/kube-apiserver/index.js';
import { GrpcSourceClient, PluginConnection, pluginExecutableName } from 'chatkube';
import { RECOMMENDED, RECOMMENDED_NODE_FLAGS } from './agent-flags.js';
import { startAgent, stopAgent } from './agent-process.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const SOURCE = join(ROOT, 'dist/plugins', pluginExecutableName('source', 'kubernetes'));
const PODS = Number(process.env.BENCH_PODS ?? 5000);
const BURST = Number(process.env.BENCH_K8S_EVENTS ?? 10_000);
/** V8's young generation grows to 3 × 16 MiB under bursts by default; a smaller one is measured beside it. */
const SEMI_SPACE_MIB = 2;

const GROUPS = [
  { event: { types: ['create', 'delete', 'error'] }, resources: [{ type: 'v1/pods' }] },
  {
    event: { types: ['update'] },
    resources: [{ type: 'v1/pods', updateSetting: { fields: ['spec.containers[*].image'], includeDiff: true } }],
  },
  { event: { types: ['all'] }, labels: { app: 'app-1' }, resources: [{ type: 'v1/pods' }] },
];

const LAST_APPLIED = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  spec: { containers: [{ image: 'nginx:1.25', name: 'main' }] },
}).repeat(8);

const pod = (name: string, i: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: `ns-${i % 20}`,
    labels: { app: `app-${i % 50}`, 'pod-template-hash': '6d4cf56db6' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': LAST_APPLIED },
  },
  spec: {
    containers: [
      {
        name: 'main',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80 }],
        resources: { limits: { cpu: '500m', memory: '128Mi' } },
      },
    ],
    nodeName: `node-${i % 10}`,
  },
  status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] },
});

const status = (pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(test: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !test(); await sleep(20)) if (Date.now() > end) throw new Error(`${what}: timed out`);
}

/** Deletes the pods named `prefix-*`, so that every measure starts from the same cluster. */
function deletePods(server: KubeApiServer, prefix: string): void {
  for (const each of server.list('v1/pods')) {
    const { name, namespace } = each.metadata;
    if (name?.startsWith(`${prefix}-`)) server.delete('v1/pods', namespace, name);
  }
}

/** Creates `count` pods, yielding now and then so that the server writes its watch events. */
async function createPods(server: KubeApiServer, prefix: string, count: number, offset = 0): Promise<void> {
  for (let i = 0; i < count; i++) {
    // Offsets keep labels apart from the seed's: group 2 (app-1) sees its share only.
    server.create('v1/pods', pod(`${prefix}-${i}`, offset + i));
    if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }
}

interface SourceFigures {
  idleRss: number;
  busyRss: number;
  peakRss: number;
  perSecond: number;
  perGroup: number[];
  /** Creations group 0 was not told (dropped by the stream's bounded queue). */
  missed: number;
}

/** The source executable streaming the 3 groups; RSS with the pods listed, then a burst of creations. */
async function sourceAlone(
  server: KubeApiServer,
  kubeConfig: Uint8Array,
  prefix: string,
  burst: number,
  env: Record<string, string> = {},
): Promise<SourceFigures> {
  const connection = await PluginConnection.connect({ name: 'kubernetes', path: SOURCE, env });
  const pid = connection.process.pid;
  const client = new GrpcSourceClient(connection);
  const abort = new AbortController();
  const counts = GROUPS.map(() => 0);
  const watchesBefore = server.watchCount;
  const streams = GROUPS.map(async (config, i) => {
    try {
      for await (const _ of client.stream(
        { config: JSON.stringify(config), kubeConfig, sourceName: `g${i}`, clusterName: 'bench' },
        abort.signal,
      ))
        counts[i] = (counts[i] ?? 0) + 1;
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  });
  try {
    // Pods and Events: two watches for three groups.
    await waitFor(() => server.watchCount >= watchesBefore + 2, 'the source watching');
    await sleep(3000);
    const idleRss = status(pid, 'VmRSS');
    const started = process.hrtime.bigint();
    await createPods(server, prefix, burst, PODS);
    // Until group 0 has them all, or nothing more comes for 2 s (the stream's queue dropped some).
    let last = -1;
    let lastChange = Date.now();
    let ended = process.hrtime.bigint();
    while ((counts[0] ?? 0) < burst && Date.now() - lastChange < 2000) {
      if (counts[0] !== last) {
        last = counts[0] ?? 0;
        lastChange = Date.now();
        ended = process.hrtime.bigint();
      }
      await sleep(10);
    }
    if ((counts[0] ?? 0) >= burst) ended = process.hrtime.bigint();
    const seconds = Number(ended - started) / 1e9;
    const total = counts.reduce((sum, n) => sum + n, 0);
    await sleep(1000);
    return {
      idleRss,
      busyRss: status(pid, 'VmRSS'),
      peakRss: status(pid, 'VmHWM'),
      perSecond: total / seconds,
      perGroup: counts.map((n) => n / seconds),
      missed: burst - (counts[0] ?? 0),
    };
  } finally {
    abort.abort();
    await Promise.allSettled(streams);
    await connection.close();
  }
}

/** Child mode: client-node's informer on pods, its RSS once listed (printed on stdout). */
async function informerChild(kubeconfigPath: string): Promise<void> {
  const { KubeConfig, CoreV1Api, makeInformer } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const api = config.makeApiClient(CoreV1Api);
  const informer = makeInformer(config, '/api/v1/pods', () => api.listPodForAllNamespaces());
  await informer.start();
  await sleep(3000);
  process.stdout.write(`${status(process.pid, 'VmRSS')} ${informer.list().length}\n`);
  await informer.stop();
  process.exit(0);
}

async function informerRss(kubeconfigPath: string): Promise<{ rss: number; objects: number }> {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--informer', kubeconfigPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise((resolve) => child.once('exit', resolve));
  const [rss, objects] = out.trim().split(' ').map(Number);
  return { rss: rss ?? 0, objects: objects ?? 0 };
}

async function throughAgent(
  server: KubeApiServer,
  kubeconfigPath: string,
  dir: string,
): Promise<{ delivered: number; seconds: number }> {
  const config = join(dir, 'agent.yaml');
  writeFileSync(
    config,
    `
communications:
  bench:
    webchat:
      enabled: true
      channels:
        bench: { name: bench, bindings: { executors: [], sources: [pods] } }
sources:
  pods:
    chatkube/kubernetes:
      enabled: true
      runtime: process
      config: ${JSON.stringify(GROUPS[0])}
settings:
  stateDir: ${join(dir, 'state')}
`,
  );
  const agent = await startAgent(dir, ['--config', config], { KUBECONFIG: kubeconfigPath });
  const delivered = async (): Promise<number> => {
    const text = await fetch(`${agent.url}/metrics`).then((response) => response.text());
    return [...text.matchAll(/^chatkube_events_delivered_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  };
  try {
    const watches = server.watchCount;
    await waitFor(() => server.watchCount >= watches + 2, 'the agent source watching');
    await sleep(1000);
    const before = await delivered();
    const started = process.hrtime.bigint();
    const burst = Math.min(BURST, 10_000);
    await createPods(server, 'agent', burst, 2 * PODS);
    for (const end = Date.now() + 120_000; (await delivered()) - before < burst && Date.now() < end; ) await sleep(50);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { delivered: (await delivered()) - before, seconds };
  } finally {
    await stopAgent(agent.child);
  }
}

/**
 * The default deployment's way: the source in a worker thread of the agent,
 * the 3 groups bound to one web chat channel. The agent's whole RSS (it is
 * one process), idle with the pods listed and after a burst, against
 * Botkube's 93 MiB for its agent and source with 12 groups.
 */
async function agentWithWorkerSource(
  server: KubeApiServer,
  kubeconfigPath: string,
  dir: string,
  nodeFlags: string[] = [],
): Promise<{ idleRss: number; busyRss: number }> {
  const config = join(dir, `agent-worker${nodeFlags.length}.yaml`);
  const groups = GROUPS.map((_, i) => `g${i}`);
  writeFileSync(
    config,
    `
communications:
  bench:
    webchat:
      enabled: true
      channels:
        bench: { name: bench, bindings: { executors: [], sources: [${groups.join(', ')}] } }
sources:
${GROUPS.map(
  (group, i) => `  g${i}:
    chatkube/kubernetes: { enabled: true, runtime: worker, config: ${JSON.stringify(group)} }`,
).join('\n')}
settings:
  stateDir: ${join(dir, `state-worker${nodeFlags.length}`)}
`,
  );
  const agent = await startAgent(dir, ['--config', config], { KUBECONFIG: kubeconfigPath }, nodeFlags);
  try {
    const watches = server.watchCount;
    await waitFor(() => server.watchCount >= watches + 2, 'the worker source watching');
    await sleep(3000);
    const idleRss = status(agent.child.pid, 'VmRSS');
    await createPods(server, `worker${nodeFlags.length}`, Math.min(BURST, 10_000), 3 * PODS);
    await sleep(5000);
    return { idleRss, busyRss: status(agent.child.pid, 'VmRSS') };
  } finally {
    await stopAgent(agent.child);
    deletePods(server, `worker${nodeFlags.length}`);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chatkube-bench-k8s-'));
  const server = await KubeApiServer.start({ recordRequests: false, watchCacheSize: 100_000 });
  try {
    await createPods(server, 'seed', PODS);
    const kubeconfigPath = server.kubeconfig(dir);
    const kubeConfig = readFileSync(kubeconfigPath);
    const bundled = await sourceAlone(server, kubeConfig, 'burst', BURST);
    deletePods(server, 'burst');
    const small = await sourceAlone(server, kubeConfig, 'small', BURST, {
      NODE_OPTIONS: `--max-semi-space-size=${SEMI_SPACE_MIB}`,
    });
    deletePods(server, 'small');
    const informer = await informerRss(kubeconfigPath);
    const agent = await throughAgent(server, kubeconfigPath, dir);
    deletePods(server, 'agent');
    const worker = await agentWithWorkerSource(server, kubeconfigPath, dir);
    const workerSmall = await agentWithWorkerSource(server, kubeconfigPath, dir, RECOMMENDED_NODE_FLAGS);
    const mib = (n: number) => n.toFixed(1);
    console.log(`### The kubernetes source (${PODS} pods watched for ${GROUPS.length} source groups; test API server in the bench process)

| source process | RSS idle, MiB | RSS after the burst (${PODS + BURST} pods), MiB | peak RSS, MiB | events/s (all groups) | events/s group 0 / 1 / 2 | creates not told |
|---|---|---|---|---|---|---|
| bundled executable (dist/plugins) | ${mib(bundled.idleRss)} | ${mib(bundled.busyRss)} | ${mib(bundled.peakRss)} | ${Math.round(bundled.perSecond)} | ${bundled.perGroup.map(Math.round).join(' / ')} | ${bundled.missed} |
| same, NODE_OPTIONS=--max-semi-space-size=${SEMI_SPACE_MIB} | ${mib(small.idleRss)} | ${mib(small.busyRss)} | ${mib(small.peakRss)} | ${Math.round(small.perSecond)} | ${small.perGroup.map(Math.round).join(' / ')} | ${small.missed} |

- client-node's own informer (ListWatch, whole typed objects) holding ${informer.objects} pods: **${mib(informer.rss)} MiB** RSS (one group; not what the source uses).
- bursts: ${BURST} pod creations each; group 0 tells creates, group 1 only image changes, group 2 only label app=app-1.
- through the agent into a web chat channel (process runtime, one group): **${Math.round(agent.delivered / agent.seconds)} events/s** (${agent.delivered} in ${agent.seconds.toFixed(1)} s).

| the agent with the source in a worker (one process; ${GROUPS.length} groups, one web chat channel) | RSS idle, MiB | RSS after a burst of ${Math.min(BURST, 10_000)}, MiB |
|---|---|---|
| node's defaults | ${mib(worker.idleRss)} | ${mib(worker.busyRss)} |
| node ${RECOMMENDED} (docs/deployment.md) | ${mib(workerSmall.idleRss)} | ${mib(workerSmall.busyRss)} |

Botkube after its fix (#1425): 93 MiB for its agent and source with 12 groups.
`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--informer') await informerChild(process.argv[3] as string);
else await main();
