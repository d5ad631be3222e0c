/**
 * `npm run bench`: plugin round trips and event streams, chatkube's host
 * beside go-plugin's Go host, against a TypeScript and a Go plugin, all
 * measured in this one run. Prints a Markdown report for bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BenchResult,
  benchExecute,
  GrpcExecutorClient,
  GrpcSourceClient,
  PluginConnection,
  pluginExecutableName,
} from 'chatkube';

const ROOT = new URL('../../..', import.meta.url).pathname; // bench/dist/src → the repository
const CALLS = Number(process.env.BENCH_CALLS ?? 20000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50000);
/** Each figure is the median of this many rounds, taken in turn, so that a noisy moment hits every row alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GO = join(ROOT, 'test/go/.build/bin');

const scratch = mkdtempSync(join(tmpdir(), 'chatkube-bench-'));
const tickerBin = join(scratch, 'ticker');
writeFileSync(tickerBin, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bench/dist/src/ticker.js')}"\n`, { mode: 0o755 });

const plugins = {
  'TS echo': join(ROOT, 'dist/plugins', pluginExecutableName('executor', 'echo')),
  'Go echo': join(GO, 'go-echo-executor'),
};
const sources = { 'TS ticker': tickerBin, 'Go source': join(GO, 'go-source') };

/** A process's resident memory now and at its peak, in MiB, from /proc. */
function memoryOf(pid: number | undefined): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Each plugin's memory after its last round of calls. */
const memory: Record<string, { rss: number; peak: number }> = {};

async function chatkubeCalls(plugin: string, path: string): Promise<BenchResult> {
  const connection = await PluginConnection.connect({ name: 'bench', path });
  try {
    const result = await benchExecute(new GrpcExecutorClient(connection), { command: 'echo hi' }, CALLS, 1);
    memory[plugin] = memoryOf(connection.process.pid);
    return result;
  } finally {
    await connection.close();
  }
}

function goHost(...args: string[]): Record<string, number> {
  return JSON.parse(execFileSync(join(GO, 'go-host'), args, { encoding: 'utf8' }));
}

async function chatkubeEvents(path: string): Promise<number> {
  const connection = await PluginConnection.connect({ name: 'bench', path });
  const stop = new AbortController();
  try {
    let seen = 0;
    let start = 0n;
    for await (const _ of new GrpcSourceClient(connection).stream(
      { config: 'intervalMs: 0', sourceName: 'bench' },
      stop.signal,
    )) {
      if (seen === 0) start = process.hrtime.bigint();
      if (++seen === EVENTS + 1) break;
    }
    return Math.round(EVENTS / (Number(process.hrtime.bigint() - start) / 1e9));
  } finally {
    stop.abort();
    await connection.close();
  }
}

/** The median of each row's rounds; for calls, the round with the median calls/s. */
function median<T>(rounds: T[], key: (t: T) => number): T {
  return [...rounds].sort((a, b) => key(a) - key(b))[Math.floor(rounds.length / 2)] as T;
}

const callRounds: Record<string, BenchResult[]> = {};
const eventRounds: Record<string, number[]> = {};
const record = <T>(table: Record<string, T[]>, name: string, value: T): void => {
  table[name] = [...(table[name] ?? []), value];
};
for (let round = 0; round < ROUNDS; round++) {
  for (const [plugin, path] of Object.entries(plugins)) {
    record(callRounds, `chatkube host / ${plugin}`, await chatkubeCalls(plugin, path));
    record(callRounds, `Go host / ${plugin}`, goHost('bench', path, '-n', String(CALLS)) as unknown as BenchResult);
  }
  for (const [plugin, path] of Object.entries(sources)) {
    record(eventRounds, `chatkube host / ${plugin}`, await chatkubeEvents(path));
    record(eventRounds, `Go host / ${plugin}`, goHost('bench-stream', path, '-n', String(EVENTS)).events_per_s ?? 0);
  }
}
const calls = Object.fromEntries(
  Object.entries(callRounds).map(([name, rounds]) => [name, median(rounds, (r) => r.calls_per_s)]),
);
const events = Object.fromEntries(Object.entries(eventRounds).map(([name, rounds]) => [name, median(rounds, (n) => n)]));
const rows = Object.entries(calls).map(
  ([name, f]) => `| ${name} | ${Math.round(f.calls_per_s)} | ${Math.round(f.p50_us)} | ${Math.round(f.p99_us)} |`,
);
rmSync(scratch, { recursive: true, force: true });

const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? (a / b).toFixed(2) : 'n/a');
const hostRatio = ratio(calls['chatkube host / Go echo']?.calls_per_s, calls['Go host / Go echo']?.calls_per_s);
const pluginRatio = ratio(calls['Go host / TS echo']?.calls_per_s, calls['Go host / Go echo']?.calls_per_s);
const verdict = (r: string): string => (Number(r) >= 0.75 ? 'meets the 0.75 target' : 'MISSES the 0.75 target');

console.log(`### Execute round trips (sequential, ${CALLS} calls after 1000 warm-up calls, \`echo hi\`; median of ${ROUNDS} rounds)

| host / plugin | calls/s | p50 µs | p99 µs |
|---|---|---|---|
${rows.join('\n')}

- chatkube host ÷ Go host, on the Go echo: **${hostRatio}** (${verdict(hostRatio)})
- TS echo ÷ Go echo, served to the Go host: **${pluginRatio}** (${verdict(pluginRatio)})

### Events read from a source stream (${EVENTS} events; median of ${ROUNDS} rounds)

| host / source | events/s |
|---|---|
${Object.entries(events)
  .map(([name, n]) => `| ${name} | ${Math.round(n)} |`)
  .join('\n')}

### Plugin memory after ${CALLS} calls

| plugin | RSS MiB | peak RSS MiB |
|---|---|---|
${Object.entries(memory)
  .map(([name, m]) => `| ${name} | ${m.rss.toFixed(1)} | ${m.peak.toFixed(1)} |`)
  .join('\n')}

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}.`);
