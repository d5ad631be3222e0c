/**
 * Runs a program for a plugin: argv only, never a shell; binaries found in
 * `PLUGIN_DEPENDENCY_DIR` first (where the host puts a plugin's downloaded
 * dependencies), then in `PATH`.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { CommandNotFoundError, CommandTimeoutError } from './errors.js';

export interface RunCommandOptions {
  /** Added to (and overriding) the plugin's own environment; with `inheritEnv: false`, the whole environment. */
  env?: Record<string, string>;
  /**
   * Whether the program also gets the plugin's own environment; default true.
   * `false` keeps the plugin's secrets and settings away from the program;
   * the binary is then looked up with `env`'s `PATH` and `PLUGIN_DEPENDENCY_DIR`.
   */
  inheritEnv?: boolean;
  /** Called with each piece of output as it arrives (whole UTF-8 characters), for streaming. */
  onOutput?: (text: string, from: 'stdout' | 'stderr') => void;
  cwd?: string;
  stdin?: string | Uint8Array;
  /** Default 60 s. The program gets SIGTERM, then SIGKILL 2 s later. */
  timeoutMs?: number;
  /** Most bytes kept of stdout and of stderr each; default 8 MiB. Past it the program is killed. */
  maxOutputBytes?: number;
  signal?: AbortSignal;
}

export interface CommandResult {
  /** `null` when a signal ended the program. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Output went past `maxOutputBytes` and the program was stopped. */
  truncated: boolean;
}

const KILL_GRACE_MS = 2000;

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The absolute path of `name`, from `PLUGIN_DEPENDENCY_DIR` then `PATH`. */
export function lookupBinary(name: string, env: NodeJS.ProcessEnv = process.env): string {
  if (name.includes('/')) {
    if (isExecutableFile(name)) return name;
    throw new CommandNotFoundError(`${name} is not an executable file`);
  }
  const dirs = [env.PLUGIN_DEPENDENCY_DIR, ...(env.PATH ?? '').split(delimiter)].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  const where = env.PLUGIN_DEPENDENCY_DIR ? `PLUGIN_DEPENDENCY_DIR (${env.PLUGIN_DEPENDENCY_DIR}) or PATH` : 'PATH';
  throw new CommandNotFoundError(`${name} was not found in ${where}`);
}

/** Collects a stream up to `limit` bytes; calls `overflow` once past it, and `forward` with what it keeps. */
function collect(
  stream: NodeJS.ReadableStream,
  limit: number,
  overflow: () => void,
  forward?: (text: string) => void,
): () => string {
  const chunks: Buffer[] = [];
  const decoder = forward ? new StringDecoder('utf8') : undefined;
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    if (size >= limit) return;
    const room = limit - size;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    chunks.push(kept);
    size += kept.length;
    const text = decoder?.write(kept);
    if (text) forward?.(text);
    if (chunk.length > room) overflow();
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

/**
 * Runs `argv` and resolves with its exit code and output, whatever the exit
 * code. Rejects with a coded error when the program cannot be found or runs
 * past its timeout, and with the signal's reason, starting nothing, when
 * `signal` is already aborted.
 */
export function runCommand(argv: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  const [name, ...args] = argv;
  if (!name) return Promise.reject(new CommandNotFoundError('no program given: argv is empty'));
  // An abort listener added to a signal already aborted never fires: the program would run to its timeout.
  if (options.signal?.aborted) return Promise.reject(options.signal.reason);
  const env = options.inheritEnv === false ? { ...options.env } : { ...process.env, ...options.env };
  let binary: string;
  try {
    binary = lookupBinary(name, env);
  } catch (error) {
    return Promise.reject(error);
  }
  const timeoutMs = options.timeoutMs ?? 60_000;
  const limit = options.maxOutputBytes ?? 8 * 1024 * 1024;

  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let truncated = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const overflow = (): void => {
      truncated = true;
      child.kill('SIGKILL');
    };
    // Both are pipes: spawn was told so.
    const { onOutput } = options;
    const stdout = collect(child.stdout as NodeJS.ReadableStream, limit, overflow, onOutput && ((t) => onOutput(t, 'stdout')));
    const stderr = collect(child.stderr as NodeJS.ReadableStream, limit, overflow, onOutput && ((t) => onOutput(t, 'stderr')));
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CommandNotFoundError(`${name} could not be started: ${error.message}`, { cause: error }));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', stop);
      if (timedOut) {
        reject(new CommandTimeoutError(`${name} ran longer than ${timeoutMs} ms and was stopped`));
        return;
      }
      resolve({ exitCode, signal, stdout: stdout(), stderr: stderr(), truncated });
    });
  });
}
