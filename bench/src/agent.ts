/**
 * `npm run bench`, the agent's part: `echo` end to end through the web chat
 * API (`?wait=true`) with 1 and 8 clients beside the raw RPC of the same run,
 * events/s from a source through the dispatcher into a web chat channel,
 * and the agent's memory idle on its embedded default, its plugins as
 * processes (deployment-memory.ts measures the whole deployment in both
 * runtimes). Prints Markdown for bench/README.md.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchExecute, embeddedDefaultConfig, GrpcExecutorClient, PluginConnection, pluginExecutableName } from 'chatkube';
import { RECOMMENDED, RECOMMENDED_NODE_FLAGS } from './agent-flags.js';
import { startAgent as startAgentIn, stopAgent as stop } from './agent-process.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const ECHO = join(ROOT, 'dist/plugins', pluginExecutableName('executor', 'echo'));
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 4000);
const WARM_UP = 500;
const EVENT_WINDOW_MS = 5000;

const scratch = mkdtempSync(join(tmpdir(), 'chatkube-bench-agent-'));

interface Figures {
  commands: number;
  p50_us: number;
  p99_us: number;
  per_s: number;
}

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * `count` commands from `clients` clients, each waiting for its answer before
 * the next, over keep-alive connections. node:http rather than fetch: the
 * client shares the machine's two cores with the agent and the plugin, and
 * should cost as little of them as it can.
 */
async function commands(url: string, count: number, clients: number): Promise<Figures> {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const body = '{"text":"echo hi","user":"bench"}';
  const post = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const request = http.request(
        {
          agent,
          hostname,
          port,
          method: 'POST',
          path: '/api/v1/webchat/channels/bench/messages?wait=true',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const answer = JSON.parse(Buffer.concat(chunks).toString()) as { replies?: { baseBody?: { codeBlock?: string } }[] };
            if (answer.replies?.[0]?.baseBody?.codeBlock !== 'echo hi')
              reject(new Error(`unexpected answer ${JSON.stringify(answer)}`));
            else resolve(Number(process.hrtime.bigint() - started) / 1000);
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < count / clients; i++) latencies.push(await post());
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    commands: latencies.length,
    p50_us: percentile(latencies, 0.5),
    p99_us: percentile(latencies, 0.99),
    per_s: latencies.length / seconds,
  };
}

async function rawRpc(count: number): Promise<Figures> {
  const connection = await PluginConnection.connect({ name: 'bench', path: ECHO });
  try {
    const result = await benchExecute(new GrpcExecutorClient(connection), { command: 'echo hi' }, count, 1);
    return { commands: result.calls, p50_us: result.p50_us, p99_us: result.p99_us, per_s: result.calls_per_s };
  } finally {
    await connection.close();
  }
}

async function metric(url: string, name: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  return [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\d+(?:\\.\\d+)?)$`, 'gm'))].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}

const config = (stateDir: string): string => `
communications:
  bench:
    webchat:
      enabled: true
      channels:
        bench: { name: bench, bindings: { executors: [tools], sources: [ticks] } }
executors:
  tools:
    chatkube/echo: { enabled: true }
sources:
  ticks:
    chatkube/ticker: { enabled: true }
settings:
  stateDir: ${stateDir}
`;

// The bench's ticker as a bundled plugin, beside the real echo.
const plugins = join(scratch, 'plugins');
const ticker = join(scratch, 'ticker');
writeFileSync(ticker, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bench/dist/src/ticker.js')}"\n`, { mode: 0o755 });
await import('node:fs').then(({ mkdirSync }) => mkdirSync(plugins));
symlinkSync(ECHO, join(plugins, pluginExecutableName('executor', 'echo')));
symlinkSync(ticker, join(plugins, pluginExecutableName('source', 'ticker')));

/** The embedded default with its plugins as processes, so that the agent's own memory is measured alone. */
function embeddedDefaultAsProcesses(): string {
  const config = embeddedDefaultConfig() as Record<string, Record<string, Record<string, unknown>>>;
  for (const kind of ['executors', 'sources'] as const)
    for (const group of Object.values(config[kind] ?? {}))
      for (const [key, entry] of Object.entries(group))
        if (key.includes('/')) group[key] = { ...(entry as object), runtime: 'process' };
  (config.settings as Record<string, unknown>).stateDir = join(scratch, 'state-idle');
  const file = join(scratch, 'idle.yaml');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

try {
  // Idle memory on the embedded default, after it settles.
  const idle = await startAgentIn(scratch, ['--config', embeddedDefaultAsProcesses()]);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleRss = rssMiB(idle.child.pid);
  await stop(idle.child);

  // Commands, with a channel whose source is quiet: the ticker is not bound here.
  const commandsConfig = join(scratch, 'commands.yaml');
  writeFileSync(commandsConfig, config(join(scratch, 'state-commands')).replace('sources: [ticks]', 'sources: []'));
  const agent = await startAgentIn(scratch, ['--config', commandsConfig], { CHATKUBE_BUNDLED_PLUGINS_DIR: plugins });
  await commands(agent.url, WARM_UP, 1);
  const one = await commands(agent.url, COMMANDS, 1);
  const eight = await commands(agent.url, COMMANDS, 8);
  const busyRss = rssMiB(agent.child.pid);
  await stop(agent.child);
  const small = await startAgentIn(
    scratch,
    ['--config', commandsConfig],
    { CHATKUBE_BUNDLED_PLUGINS_DIR: plugins },
    RECOMMENDED_NODE_FLAGS,
  );
  await commands(small.url, WARM_UP, 1);
  const oneSmall = await commands(small.url, COMMANDS, 1);
  const eightSmall = await commands(small.url, COMMANDS, 8);
  const busySmallRss = rssMiB(small.child.pid);
  await stop(small.child);
  const raw = await rawRpc(COMMANDS);

  // Events: the ticker streams as fast as it is read; count what reaches the channel.
  const eventsConfig = join(scratch, 'events.yaml');
  writeFileSync(eventsConfig, config(join(scratch, 'state-events')));
  const events = await startAgentIn(scratch, ['--config', eventsConfig], { CHATKUBE_BUNDLED_PLUGINS_DIR: plugins });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const delivered0 = await metric(events.url, 'chatkube_events_delivered_total');
  const dropped0 = await metric(events.url, 'chatkube_events_dropped_total');
  await new Promise((resolve) => setTimeout(resolve, EVENT_WINDOW_MS));
  const delivered = ((await metric(events.url, 'chatkube_events_delivered_total')) - delivered0) / (EVENT_WINDOW_MS / 1000);
  const dropped = ((await metric(events.url, 'chatkube_events_dropped_total')) - dropped0) / (EVENT_WINDOW_MS / 1000);
  await stop(events.child);

  const row = (name: string, f: Figures): string =>
    `| ${name} | ${Math.round(f.per_s)} | ${Math.round(f.p50_us)} | ${Math.round(f.p99_us)} |`;
  const overheadMs = (one.p50_us - raw.p50_us) / 1000;
  const verdict = (ok: boolean): string => (ok ? 'meets the target' : 'MISSES the target');
  console.log(`### The agent end to end (\`echo hi\` through POST /api/v1/webchat/…/messages?wait=true, ${COMMANDS} commands after ${WARM_UP} warm-up)

| path | commands/s | p50 µs | p99 µs |
|---|---|---|---|
${row('agent, 1 client', one)}
${row('agent, 8 clients', eight)}
${row(`agent, 1 client, node ${RECOMMENDED}`, oneSmall)}
${row(`agent, 8 clients, node ${RECOMMENDED}`, eightSmall)}
${row('raw RPC (chatkube host → TS echo), same run', raw)}

- agent overhead over the raw RPC at p50: **${overheadMs.toFixed(2)} ms** (target ≤ 1 ms: ${verdict(overheadMs <= 1)})
- commands/s with 8 clients: **${Math.round(eight.per_s)}** (target ≥ 2000: ${verdict(eight.per_s >= 2000)}); with node ${RECOMMENDED}: **${Math.round(eightSmall.per_s)}** (${(eightSmall.per_s / eight.per_s).toFixed(2)} of it)

### Events from a source through the dispatcher into a web chat channel (${EVENT_WINDOW_MS / 1000} s window)

| events/s delivered | events/s dropped (queue full) |
|---|---|
| ${Math.round(delivered)} | ${Math.round(dropped)} |

### Agent memory (the agent process alone; each plugin is a process of its own)

| state | RSS MiB |
|---|---|
| idle, embedded default | ${idleRss.toFixed(1)} |
| after the command runs | ${busyRss.toFixed(1)} |
| after the command runs, node ${RECOMMENDED} | ${busySmallRss.toFixed(1)} |

- idle RSS: **${idleRss.toFixed(1)} MiB** (target ≤ 70 MiB: ${verdict(idleRss <= 70)})`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
