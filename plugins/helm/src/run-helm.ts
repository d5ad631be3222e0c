/**
 * Runs helm: found in the plugin's dependency folder, then PATH; argv only;
 * an environment of helm's own settings and nothing of the plugin's.
 */
import { join } from 'node:path';
import { codeBlock, type ExecuteOutput, plaintext } from '@chatkube/api';
import {
  CommandNotFoundError,
  type CommandResult,
  ensurePrivateFolder,
  lookupBinary,
  runCommand,
  writeTempKubeconfig,
} from '@chatkube/plugin';
import type { HelmConfig } from './config.js';
import { HelmFailedError, HelmNotInstalledError } from './errors.js';
import { redactSecretManifests } from './secret-manifests.js';

export interface HelmRun {
  /** helm's arguments. */
  args: readonly string[];
  config: HelmConfig;
  /** The kubeconfig the agent sent with the command. */
  kubeConfig: Uint8Array | undefined;
  timeoutMs?: number;
  signal: AbortSignal;
}

/** The absolute path of helm, or an error that says where it looked and what to do. */
export function findHelm(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return lookupBinary('helm', env);
  } catch (error) {
    if (!(error instanceof CommandNotFoundError)) throw error;
    const deps = env.PLUGIN_DEPENDENCY_DIR ? `the plugin's dependency folder ${env.PLUGIN_DEPENDENCY_DIR} and ` : '';
    throw new HelmNotInstalledError(
      `helm is not installed: looked in ${deps}PATH (${env.PATH ?? 'unset'}). ` +
        "Install helm 3 on the agent's PATH, or put the helm binary in the plugin's dependency folder (PLUGIN_DEPENDENCY_DIR).",
      { cause: error },
    );
  }
}

/** helm's folders, created private, or refused when others may write to them: helm runs what it finds there. */
async function prepareFolders(config: HelmConfig): Promise<void> {
  await ensurePrivateFolder(config.helmCacheDir, "helm's cache folder (helmCacheDir)");
  await ensurePrivateFolder(config.helmConfigDir, "helm's config folder (helmConfigDir)");
}

/** helm's environment: its own settings, and only PATH and HOME of the plugin's. */
export function helmEnvironment(config: HelmConfig, kubeconfigPath: string | undefined): Record<string, string> {
  const env: Record<string, string> = {
    HELM_DRIVER: config.helmDriver,
    HELM_CACHE_HOME: config.helmCacheDir,
    HELM_CONFIG_HOME: config.helmConfigDir,
    HELM_DATA_HOME: join(config.helmConfigDir, 'data'),
  };
  const kubeconfig = kubeconfigPath ?? process.env.KUBECONFIG;
  if (kubeconfig) env.KUBECONFIG = kubeconfig;
  if (process.env.PATH) env.PATH = process.env.PATH;
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env;
}

const describe = (args: readonly string[]): string => `helm ${args[0] ?? ''}`.trim();

/** The answer for a finished run: its output, or helm's stderr as the error. */
function answer(args: readonly string[], result: CommandResult, output: string): ExecuteOutput {
  if (result.exitCode !== 0) {
    const why = redactSecretManifests(result.stderr.trim() || result.stdout.trim());
    const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.exitCode}`;
    throw new HelmFailedError(why || `${describe(args)} ${how} and wrote nothing`, result.exitCode);
  }
  const shown = redactSecretManifests(output);
  const text = result.truncated ? `${shown}\n… (output cut: too long)` : shown;
  if (text.trim() === '') return { message: plaintext(`${describe(args)} finished and wrote nothing.`) };
  return { message: codeBlock(text, { filter: true }) };
}

/** Runs helm to the end and answers with its output. */
export async function runHelm(run: HelmRun): Promise<ExecuteOutput> {
  const binary = findHelm();
  await prepareFolders(run.config);
  const kubeconfig = await writeTempKubeconfig(run.kubeConfig);
  try {
    const result = await runCommand([binary, ...run.args], {
      inheritEnv: false,
      env: helmEnvironment(run.config, kubeconfig?.path),
      signal: run.signal,
      ...(run.timeoutMs ? { timeoutMs: run.timeoutMs } : {}),
    });
    return answer(run.args, result, result.stdout || result.stderr);
  } finally {
    await kubeconfig?.remove();
  }
}

/**
 * Runs helm and yields its output (stdout and stderr as they interleave) each
 * time more arrives, every update holding all of it so far; the last update
 * is the final answer. Stopping the iteration or aborting `signal` kills helm.
 */
export async function* streamHelm(run: HelmRun): AsyncIterable<ExecuteOutput> {
  const binary = findHelm();
  await prepareFolders(run.config);
  const stop = new AbortController();
  const abort = (): void => stop.abort();
  run.signal.addEventListener('abort', abort, { once: true });
  // A listener added to a signal already aborted never fires.
  if (run.signal.aborted) stop.abort();
  let output = '';
  let fresh = false;
  let settled = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const kubeconfig = await writeTempKubeconfig(run.kubeConfig);
  const finished = runCommand([binary, ...run.args], {
    inheritEnv: false,
    env: helmEnvironment(run.config, kubeconfig?.path),
    signal: stop.signal,
    ...(run.timeoutMs ? { timeoutMs: run.timeoutMs } : {}),
    onOutput: (text) => {
      output += text;
      fresh = true;
      notify();
    },
  }).finally(() => {
    settled = true;
    notify();
  });
  // Kept from rejecting unobserved while an update is being consumed; awaited below.
  finished.catch(() => {});
  try {
    while (!settled) {
      if (!fresh) await new Promise<void>((resolve) => (wake = resolve));
      if (settled) break;
      fresh = false;
      yield { message: codeBlock(redactSecretManifests(output), { filter: true }) };
    }
    run.signal.throwIfAborted();
    yield answer(run.args, await finished, output);
  } finally {
    run.signal.removeEventListener('abort', abort);
    stop.abort();
    await finished.catch(() => {});
    await kubeconfig?.remove();
  }
}
