/**
 * `npm run bench`, the plugin manager: how long `chatkube run` takes to be
 * ready with 5 cached plugins in each runtime, and how soon a crashed plugin
 * answers again. Beside them, in the same run: the agent with no plugin (the
 * floor of the first), and one plugin started and called by the host in this
 * process (the floor of the second). Prints Markdown for bench/README.md.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  GO_ARCH_NAME,
  GO_OS,
  type PluginRuntime,
  pluginExecutableName,
  pluginWorkerModuleName,
  startProcessPlugin,
  startWorkerPlugin,
} from 'chatkube';
import { type AgentProcess, startAgent, stopAgent } from './agent-process.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const BUILT = join(ROOT, 'dist/plugins');
const PLUGINS = 5;
const RUNS = Number(process.env.BENCH_PLUGIN_RUNS ?? 5);
const READY_TARGET_MS = 1000;
const RESTART_TARGET_MS = 200;

const scratch = mkdtempSync(join(tmpdir(), 'chatkube-bench-plugins-'));
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

/**
 * A bundled repository of `echo1` … `echo5`: five plugin keys, so five
 * instances, each the echo executor (an executable and a worker module).
 */
function bundledEchoes(): string {
  const dir = join(scratch, 'bundled');
  mkdirSync(join(dir, 'worker'), { recursive: true });
  for (let i = 1; i <= PLUGINS; i++) {
    symlinkSync(join(BUILT, pluginExecutableName('executor', 'echo')), join(dir, pluginExecutableName('executor', `echo${i}`)));
    symlinkSync(
      join(BUILT, pluginWorkerModuleName('executor', 'echo')),
      join(dir, pluginWorkerModuleName('executor', `echo${i}`)),
    );
  }
  return dir;
}

/** A repository `bench` whose index (file://) offers `echo1` … `echo5`, checksummed. */
function repositoryOfEchoes(): string {
  const dir = join(scratch, 'repository');
  mkdirSync(dir);
  const binary = readFileSync(join(BUILT, pluginExecutableName('executor', 'echo')));
  const checksum = createHash('sha256').update(binary).digest('hex');
  const entries = Array.from({ length: PLUGINS }, (_, n) => {
    const name = `echo${n + 1}`;
    const file = join(dir, pluginExecutableName('executor', name));
    copyFileSync(join(BUILT, pluginExecutableName('executor', 'echo')), file);
    return `  - name: ${name}
    type: executor
    description: echo
    version: 0.1.0
    urls:
      - url: file://${file}
        checksum: ${checksum}
        platform: { os: ${GO_OS}, architecture: ${GO_ARCH_NAME} }`;
  });
  const index = join(dir, 'index.yaml');
  writeFileSync(index, `entries:\n${entries.join('\n')}\n`);
  return `file://${index}`;
}

interface Deployment {
  plugins: number;
  runtime?: PluginRuntime;
  repository?: string;
}

function config(name: string, deployment: Deployment): string {
  const repo = deployment.repository ? 'bench' : 'chatkube';
  const groups = Array.from({ length: deployment.plugins }, (_, n) => `e${n + 1}`);
  const executors = groups
    .map(
      (group, n) =>
        `  ${group}:\n    ${repo}/echo${n + 1}: { enabled: true${deployment.runtime ? `, runtime: ${deployment.runtime}` : ''} }`,
    )
    .join('\n');
  const file = join(scratch, `${name}.yaml`);
  writeFileSync(
    file,
    `communications:
  g:
    webchat:
      enabled: true
      channels:
        bench: { name: bench, bindings: { executors: [${groups.join(', ')}] } }
${deployment.plugins ? `executors:\n${executors}\n` : ''}settings:
  stateDir: ${join(scratch, `state-${name}`)}
plugins:
  cacheDir: ${join(scratch, 'cache')}
${deployment.repository ? `  repositories:\n    bench: { url: '${deployment.repository}' }\n` : ''}`,
  );
  return file;
}

// The crashes are on purpose: their warnings are not news.
const env = { CHATKUBE_BUNDLED_PLUGINS_DIR: bundledEchoes(), CHATKUBE_LOG_LEVEL: 'error' };

/** From spawning `chatkube run` to its "is running" line, printed once every plugin is up. */
async function startToReady(name: string, deployment: Deployment): Promise<number> {
  const file = config(name, deployment);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const agent = await startAgent(scratch, ['--config', file], env);
    times.push(performance.now() - started);
    await say(agent, 'echo hi');
    await stopAgent(agent.child);
  }
  return median(times);
}

/** Posts a command and resolves with the first answer's code block, or its plain text. */
async function say(agent: AgentProcess, text: string): Promise<string> {
  const response = await fetch(`${agent.url}/api/v1/webchat/channels/bench/messages?wait=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, user: 'bench' }),
  });
  const answer = (await response.json()) as { replies?: { baseBody?: { codeBlock?: string; plaintext?: string } }[] };
  const body = answer.replies?.[0]?.baseBody;
  return body?.codeBlock ?? body?.plaintext ?? JSON.stringify(answer);
}

/**
 * `echo @panic` makes the plugin die in the middle of the call (the process
 * exits, the worker throws), as Botkube's e2e tests crash theirs; then
 * `echo hi` until it is answered. Each run is a fresh agent: the restart
 * backoff of a plugin that keeps crashing grows, and only its first restart
 * is what a user meets after a crash.
 */
async function restartAfterCrash(name: string, runtime: PluginRuntime): Promise<number> {
  const file = config(name, { plugins: 1, runtime });
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const agent = await startAgent(scratch, ['--config', file], env);
    try {
      await say(agent, 'echo1 warm up');
      const crashed = performance.now();
      await say(agent, 'echo1 @panic');
      while ((await say(agent, 'echo1 hi')) !== 'echo1 hi') {
        // Answered with the plugin's failure: it is not back yet.
      }
      times.push(performance.now() - crashed);
    } finally {
      await stopAgent(agent.child);
    }
  }
  return median(times);
}

/** One plugin started and called once by the host in this process: what any restart has to pay. */
async function coldStart(runtime: PluginRuntime): Promise<number> {
  const logger = createLogger('silent');
  const ref = { key: 'chatkube/echo', repo: 'chatkube', name: 'echo' };
  const path = join(
    BUILT,
    runtime === 'worker' ? pluginWorkerModuleName('executor', 'echo') : pluginExecutableName('executor', 'echo'),
  );
  const start = runtime === 'worker' ? startWorkerPlugin : startProcessPlugin;
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const plugin = await start(ref, { path }, { callTimeoutMs: 10_000, logger });
    for await (const _ of plugin.executor.execute({ command: 'echo hi' }));
    times.push(performance.now() - started);
    await plugin.close();
  }
  return median(times);
}

/** Five `node -e 0` at once: the cost of starting Node itself, five times on this machine. */
async function fiveNodes(): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await Promise.all(
      Array.from(
        { length: PLUGINS },
        () => new Promise((resolve) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('exit', resolve)),
      ),
    );
    times.push(performance.now() - started);
  }
  return median(times);
}

try {
  const alone = await startToReady('none', { plugins: 0 });
  const processes = await startToReady('process', { plugins: PLUGINS, runtime: 'process' });
  const workers = await startToReady('worker', { plugins: PLUGINS, runtime: 'worker' });
  const repository = repositoryOfEchoes();
  // The first start downloads into the cache; the runs measured start from it.
  await stopAgent((await startAgent(scratch, ['--config', config('download', { plugins: PLUGINS, repository })], env)).child);
  const cached = await startToReady('cached', { plugins: PLUGINS, repository });
  const nodes = await fiveNodes();
  const restartProcess = await restartAfterCrash('crash-process', 'process');
  const restartWorker = await restartAfterCrash('crash-worker', 'worker');
  const coldProcess = await coldStart('process');
  const coldWorker = await coldStart('worker');
  const verdict = (value: number, target: number): string => (value <= target ? 'meets the target' : 'MISSES the target');
  console.log(`### Plugin manager: start to ready, restart after a crash

Medians of ${RUNS} runs. Start to ready: from spawning \`chatkube run\` to its "is running" line,
which it prints once every plugin has started; ${PLUGINS} plugin keys (\`echo1\` … \`echo${PLUGINS}\`), nothing
to download. Restart: from \`echo @panic\` (the plugin dies in the middle of the call) to the first
answer of the plugin started again, a fresh agent each run.

| start to ready | median |
|---|---|
| the agent with no plugin (reference) | ${ms(alone)} |
| ${PLUGINS} × \`node -e 0\` at once (reference) | ${ms(nodes)} |
| ${PLUGINS} plugins, process runtime (bundled) | **${ms(processes)}** |
| ${PLUGINS} plugins, process runtime (from a repository's cache) | **${ms(cached)}** |
| ${PLUGINS} plugins, worker runtime | **${ms(workers)}** |

| restart after a crash | median | reference: one plugin started and called by the host |
|---|---|---|
| process runtime | **${ms(restartProcess)}** | ${ms(coldProcess)} |
| worker runtime | **${ms(restartWorker)}** | ${ms(coldWorker)} |

- ready with ${PLUGINS} plugins (target ≤ ${READY_TARGET_MS} ms): process ${verdict(Math.max(processes, cached), READY_TARGET_MS)}, worker ${verdict(workers, READY_TARGET_MS)}
- answering again after a crash (target ≤ ${RESTART_TARGET_MS} ms): process ${verdict(restartProcess, RESTART_TARGET_MS)}, worker ${verdict(restartWorker, RESTART_TARGET_MS)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
