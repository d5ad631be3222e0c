/**
 * `kubectl logs -f` and `kubectl get -w`: output that goes on until it is
 * stopped. Each update is everything printed so far (its tail), so that the
 * agent can replace the previous one. Updates are made when the agent asks
 * for the next one, so a chatty pod coalesces into few messages. kubectl is
 * stopped when the time limit passes, the call is cancelled or the agent
 * stops reading; the kubeconfig file goes with it.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { codeBlock, type ExecuteOutput } from '@chatkube/api';
import { writeTempKubeconfig } from '@chatkube/plugin';
import { KUBECONFIG_FOLDER, kubeconfigEnv } from './kubeconfig-env.js';
import { stripAnsi, tail } from './output.js';

export interface StreamOptions {
  /** The kubectl binary and its arguments. */
  argv: readonly [string, ...string[]];
  kubeConfig?: Uint8Array | undefined;
  timeoutMs: number;
  /** How the limit is named in the closing note, e.g. `5m`. */
  timeoutText: string;
  signal: AbortSignal;
}

const KILL_GRACE_MS = 2000;

export async function* streamKubectl(options: StreamOptions): AsyncGenerator<ExecuteOutput> {
  const [binary, ...args] = options.argv;
  options.signal.throwIfAborted();
  const kubeconfig = await writeTempKubeconfig(options.kubeConfig, KUBECONFIG_FOLDER);
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    // Cancelled while the file was written: the abort listener below would never fire.
    options.signal.throwIfAborted();
    child = spawn(binary, args, {
      env: { ...process.env, ...kubeconfigEnv(kubeconfig?.path) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    await kubeconfig?.remove();
    throw error;
  }
  let text = '';
  let changed = false;
  let ended = false;
  let timedOut = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const append = (chunk: Buffer) => {
    // Only the tail is ever shown; keep a little more than it so trimming stays on line ends.
    text = tail(text + chunk.toString('utf8'), 1000, 200_000);
    changed = true;
    notify();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  };
  const limit = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  options.signal.addEventListener('abort', stop, { once: true });
  child.on('error', (error) => {
    failure = error;
    ended = true;
    notify();
  });
  child.on('close', () => {
    ended = true;
    notify();
  });
  const show = (note?: string): ExecuteOutput => {
    const body = tail(stripAnsi(text)).trimEnd();
    return { message: codeBlock(note ? `${body}${body ? '\n' : ''}${note}` : body || '(no output yet)', { filter: true }) };
  };
  try {
    while (!ended) {
      if (!changed) await new Promise<void>((resolve) => (wake = resolve));
      if (changed && !ended) {
        changed = false;
        yield show();
      }
    }
    if (failure) throw failure;
    options.signal.throwIfAborted();
    yield show(timedOut ? `(stopped after ${options.timeoutText}, the streamTimeout of the kubectl plugin)` : undefined);
  } finally {
    clearTimeout(limit);
    options.signal.removeEventListener('abort', stop);
    stop();
    if (!ended) await new Promise((resolve) => child.once('close', resolve));
    clearTimeout(killTimer);
    await kubeconfig?.remove();
  }
}
