/**
 * `npm run bench`, the memory of a whole deployment: the embedded default
 * (web chat, the echo executor, the webhook source) with its plugins as
 * processes and as worker threads. What is counted is everything the
 * deployment keeps resident: the agent's RSS plus that of every process
 * it started, from /proc, idle once settled and after commands and
 * webhooks. Prints Markdown for bench/README.md.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedDefaultConfig, type PluginRuntime } from 'chatkube';
import { RECOMMENDED, RECOMMENDED_NODE_FLAGS } from './agent-flags.js';
import { startAgent, stopAgent as stop } from './agent-process.js';

const COMMANDS = Number(process.env.BENCH_MEMORY_COMMANDS ?? 5000);
const HOOKS = Number(process.env.BENCH_MEMORY_HOOKS ?? 1000);
const SETTLE_MS = 3000;
const TOKEN = 'bench-memory-token';
/** The target for the whole deployment with worker plugins. */
const TARGET_MIB = 120;

const scratch = mkdtempSync(join(tmpdir(), 'chatkube-bench-memory-'));

/** Resident memory of one process, in MiB; 0 once it is gone. */
function rssMiB(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Every process below `pid` (its plugins, and what they started), read from each /proc/<pid>/stat's parent field. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone while we looked.
    }
  }
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

interface Reading {
  agent: number;
  plugins: number;
  processes: number;
}

function read(pid: number): Reading {
  const children = descendants(pid);
  return {
    agent: rssMiB(pid),
    plugins: children.reduce((sum, child) => sum + rssMiB(child), 0),
    processes: 1 + children.length,
  };
}

/** The embedded default, every plugin entry with `runtime`, and the webhook's token. */
function deploymentConfig(runtime: PluginRuntime): string {
  const config = embeddedDefaultConfig() as Record<string, Record<string, Record<string, unknown>>>;
  for (const kind of ['executors', 'sources'] as const)
    for (const group of Object.values(config[kind] ?? {}))
      for (const [key, entry] of Object.entries(group)) if (key.includes('/')) group[key] = { ...(entry as object), runtime };
  const webhook = config.sources?.['default-webhook'];
  if (webhook) webhook.webhook = { bearerToken: TOKEN };
  (config.settings as Record<string, unknown>).stateDir = join(scratch, `state-${runtime}`);
  const file = join(scratch, `${runtime}.yaml`);
  // JSON is YAML.
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** `count` POSTs of `body` to `path`, one at a time over a kept-alive connection; each must answer 200. */
async function post(url: string, path: string, body: string, count: number, headers: Record<string, string> = {}): Promise<void> {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          hostname,
          port,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${response.statusCode}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
  agent.destroy();
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

async function measure(runtime: PluginRuntime, nodeFlags: string[] = []): Promise<{ idle: Reading; busy: Reading }> {
  const { url, child } = await startAgent(scratch, ['--config', deploymentConfig(runtime)], {}, nodeFlags);
  try {
    await settle();
    const idle = read(child.pid as number);
    await post(url, '/api/v1/webchat/channels/general/messages?wait=true', '{"text":"echo hi","user":"bench"}', COMMANDS);
    await post(url, '/sources/v1/default-webhook', '{"title":"bench","text":"hello"}', HOOKS, {
      authorization: `Bearer ${TOKEN}`,
    });
    await settle();
    return { idle, busy: read(child.pid as number) };
  } finally {
    await stop(child);
  }
}

try {
  const processes = await measure('process');
  const workers = await measure('worker');
  const small = await measure('worker', RECOMMENDED_NODE_FLAGS);
  const total = (r: Reading): number => r.agent + r.plugins;
  const row = (runtime: string, state: string, r: Reading): string =>
    `| ${runtime} | ${state} | ${r.processes} | ${r.agent.toFixed(1)} | ${r.plugins.toFixed(1)} | **${total(r).toFixed(1)}** |`;
  const verdict = (ok: boolean): string => (ok ? 'meets the target' : 'MISSES the target');
  console.log(`### Memory of the whole default deployment (agent + its plugin processes, RSS from /proc)

The embedded default: web chat, \`chatkube/echo\`, \`chatkube/webhook\`. Busy: after ${COMMANDS} \`echo hi\`
commands and ${HOOKS} incoming webhooks, one at a time, then ${SETTLE_MS / 1000} s to settle.

| runtime | state | processes | agent MiB | plugin processes MiB | total MiB |
|---|---|---|---|---|---|
${row('process', 'idle', processes.idle)}
${row('process', 'busy', processes.busy)}
${row('worker', 'idle', workers.idle)}
${row('worker', 'busy', workers.busy)}
${row(`worker, node ${RECOMMENDED}`, 'idle', small.idle)}
${row(`worker, node ${RECOMMENDED}`, 'busy', small.busy)}

- worker plugins, idle: **${total(workers.idle).toFixed(1)} MiB** in all (target ≤ ${TARGET_MIB} MB: ${verdict(total(workers.idle) * 1.048576 <= TARGET_MIB)}); busy: **${total(workers.busy).toFixed(1)} MiB** (${verdict(total(workers.busy) * 1.048576 <= TARGET_MIB)})
- worker plugins, the agent started with node ${RECOMMENDED} (docs/deployment.md): idle **${total(small.idle).toFixed(1)} MiB**, busy **${total(small.busy).toFixed(1)} MiB** (${verdict(total(small.busy) * 1.048576 <= TARGET_MIB)})
- worker ÷ process, idle: **${(total(workers.idle) / total(processes.idle)).toFixed(2)}**; busy: **${(total(workers.busy) / total(processes.busy)).toFixed(2)}**`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
