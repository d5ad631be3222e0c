/**
 * `npm run bench`: plugin round trips and event streams, chatkube's host
 * beside go-plugin's Go host, against a TypeScript and a Go plugin, all
 * measured in this one run. Prints a Markdown report for bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResult, benchExecute, GrpcExecutorClient, GrpcSourceClient, PluginConnection } from 'chatkube';

const ROOT = new URL('../../..', import.meta.url).pathname; // bench/dist/src → the repository
const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const GO = join(ROOT, 'test/go/.build/bin');
const ARCH = process.arch === 'x64' ? 'amd64' : process.arch;

const scratch = mkdtempSync(join(tmpdir(), 'chatkube-bench-'));
const tickerBin = join(scratch, 'ticker');
writeFileSync(tickerBin, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bench/dist/src/ticker.js')}"\n`, { mode: 0o755 });

const plugins = {
  'TS echo': join(ROOT, `dist/plugins/executor_echo_${process.platform}_${ARCH}`),
  'Go echo': join(GO, 'go-echo-executor'),
};
const sources = { 'TS ticker': tickerBin, 'Go source': join(GO, 'go-source') };

async function chatkubeCalls(path: string): Promise<BenchResult> {
  const connection = await PluginConnection.connect({ name: 'bench', path });
  try {
    return await benchExecute(new GrpcExecutorClient(connection), { command: 'echo hi' }, CALLS, 1);
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

const rows: string[] = [];
const calls: Record<string, BenchResult> = {};
for (const [plugin, path] of Object.entries(plugins)) {
  calls[`chatkube host / ${plugin}`] = await chatkubeCalls(path);
  calls[`Go host / ${plugin}`] = goHost('bench', path, '-n', String(CALLS)) as unknown as BenchResult;
}
for (const [name, f] of Object.entries(calls)) rows.push(`| ${name} | ${f.calls_per_s} | ${f.p50_us} | ${f.p99_us} |`);

const events: Record<string, number> = {};
for (const [plugin, path] of Object.entries(sources)) {
  events[`chatkube host / ${plugin}`] = await chatkubeEvents(path);
  events[`Go host / ${plugin}`] = goHost('bench-stream', path, '-n', String(EVENTS)).events_per_s ?? 0;
}
rmSync(scratch, { recursive: true, force: true });

const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? (a / b).toFixed(2) : 'n/a');
const hostRatio = ratio(calls['chatkube host / Go echo']?.calls_per_s, calls['Go host / Go echo']?.calls_per_s);
const pluginRatio = ratio(calls['Go host / TS echo']?.calls_per_s, calls['Go host / Go echo']?.calls_per_s);
const verdict = (r: string): string => (Number(r) >= 0.75 ? 'meets the 0.75 target' : 'MISSES the 0.75 target');

console.log(`## Execute round trips (sequential, ${CALLS} calls after 1000 warm-up calls (200 for the Go host), \`echo hi\`)

| host / plugin | calls/s | p50 µs | p99 µs |
|---|---|---|---|
${rows.join('\n')}

- chatkube host ÷ Go host, on the Go echo: **${hostRatio}** (${verdict(hostRatio)})
- TS echo ÷ Go echo, served to the Go host: **${pluginRatio}** (${verdict(pluginRatio)})

## Events read from a source stream (${EVENTS} events)

| host / source | events/s |
|---|---|
${Object.entries(events)
  .map(([name, n]) => `| ${name} | ${n} |`)
  .join('\n')}

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}.`);
