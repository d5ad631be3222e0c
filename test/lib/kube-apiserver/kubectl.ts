/** Running the real kubectl against a test API server, argv only (no shell), with its own HOME for a clean cache. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';

/** What a finished kubectl run gave. */
export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Where kubectl runs: the kubeconfig, and a HOME so its discovery cache does not leak between tests. */
export interface KubectlEnv {
  kubeconfig: string;
  home: string;
  /** Path of the kubectl binary (default `kubectl` on PATH). */
  bin?: string;
}

function envOf(env: KubectlEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: env.home, KUBECONFIG: env.kubeconfig, KUBECACHEDIR: `${env.home}/.kube/cache` };
}

/** Runs kubectl to the end (killed after `timeoutMs`, default 30 s). */
export function kubectl(env: KubectlEnv, args: readonly string[], timeoutMs = 30_000): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(env.bin ?? 'kubectl', args, { env: envOf(env), timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A kubectl that keeps running (`logs -f`, `get -w`): its output so far, and how to stop it. */
export interface RunningKubectl {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or null when killed by a signal). */
  readonly exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export function spawnKubectl(env: KubectlEnv, args: readonly string[]): RunningKubectl {
  const child = spawn(env.bin ?? 'kubectl', args, { env: envOf(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
