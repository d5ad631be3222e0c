/**
 * Starts a plugin executable as go-plugin's client does and waits for its
 * handshake: the cookie and protocol version in a minimal environment, the
 * first stdout line within the start timeout, and a clear error for each way
 * that can fail. Later stdout lines are dropped; stderr is logged.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { lstatSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { PluginExitedError, PluginHandshakeError, PluginStartError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import { silentLogger } from '../../logging.js';
import { APP_PROTOCOL_VERSION, type Handshake, parseHandshake } from './handshake.js';
import { onLines } from './lines.js';
import { PluginLog } from './plugin-logs.js';
import { TailBuffer } from './tail-buffer.js';

export const MAGIC_COOKIE = { key: 'BOTKUBE', value: '52ca7b74-28eb-4fac-ae79-31a9cbda2454' };

/**
 * What a plugin inherits from the agent's environment: what programs need to
 * run, reach the cluster and go through a proxy. Nothing else, secrets
 * included, leaks to it.
 */
const INHERITED_ENV = [
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'LC_ALL',
  'TZ',
  'KUBECONFIG',
  'KUBERNETES_SERVICE_HOST',
  'KUBERNETES_SERVICE_PORT',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];
/** How go-plugin names a plugin's socket: `plugin` and digits, in the temp dir. */
const PLUGIN_SOCKET = /^plugin\d+$/;
/** How long after exit the host waits for the plugin's stderr to drain. */
const DRAIN_MS = 300;

const MAX_LINE = 64 * 1024;

export interface StartOptions {
  /** The plugin's name in logs and errors, for example `chatkube/echo`. */
  name: string;
  path: string;
  /** Added to the plugin's environment (`PLUGIN_DEPENDENCY_DIR`, …); undefined withholds an inherited variable. */
  env?: Record<string, string | undefined>;
  /** Default 10 s. */
  startTimeoutMs?: number;
  logger?: Logger;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The environment a plugin starts with: the inherited variables, then `extra` (undefined there withholds one). */
export function pluginEnvironment(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of [...INHERITED_ENV.map((name) => [name, process.env[name]] as const), ...Object.entries(extra)]) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return {
    ...env,
    [MAGIC_COOKIE.key]: MAGIC_COOKIE.value,
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_PROTOCOL_VERSIONS: String(APP_PROTOCOL_VERSION),
  };
}

/** SIGKILL to the plugin's process group, or to the plugin alone if that fails. */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** The plugin's last stderr lines, to quote in an error; nothing when it said nothing. */
const lastWords = (stderr: TailBuffer): string => {
  const text = stderr.text();
  return text.trim() ? `. Its last stderr lines:\n${text}` : '';
};

const describeExit = ({ code, signal }: ExitInfo): string => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

/** A started plugin process whose handshake succeeded. */
export class PluginProcess {
  readonly exited: Promise<ExitInfo>;
  #exit: ExitInfo | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly handshake: Handshake,
    private readonly stderr: TailBuffer,
    /** Where the plugin's own output is logged, within a budget. */
    readonly log: PluginLog,
    exited: Promise<ExitInfo>,
  ) {
    this.exited = exited.then((exit) => {
      this.#exit = exit;
      this.removeLeftoverSocket();
      log.flush();
      return exit;
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.#exit === undefined;
  }

  /** Why the process is gone, with its last stderr lines. */
  exitError(): PluginExitedError {
    const how = this.#exit ? describeExit(this.#exit) : 'is not answering';
    return new PluginExitedError(`plugin ${this.name} ${how}${lastWords(this.stderr)}`, `plugin ${this.name} ${how}`);
  }

  /** Sends SIGKILL to the plugin and whatever it started; resolves when it is gone. */
  async kill(): Promise<ExitInfo> {
    if (this.alive) killGroup(this.child);
    return this.exited;
  }

  /** Resolves true if the process exits within `ms`. */
  async waitForExit(ms: number): Promise<boolean> {
    if (!this.alive) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.exited.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  /**
   * A go-plugin plugin that crashes leaves its socket file behind; the host
   * removes it, but only a file that go-plugin would have made, never
   * another path a plugin names.
   */
  private removeLeftoverSocket(): void {
    const { network, address } = this.handshake;
    if (network !== 'unix' || dirname(address) !== tmpdir() || !PLUGIN_SOCKET.test(basename(address))) return;
    try {
      if (lstatSync(address).isSocket()) unlinkSync(address);
    } catch {
      // Already removed by the plugin.
    }
  }

  /** Starts `options.path` and waits for its handshake. */
  static async start(options: StartOptions): Promise<PluginProcess> {
    const { name, path } = options;
    const logger = options.logger ?? silentLogger;
    const timeoutMs = options.startTimeoutMs ?? 10_000;
    // A process group of its own, so that stopping the plugin stops what it started too.
    const child = spawn(path, [], { env: pluginEnvironment(options.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stderr = new TailBuffer();
    const stdout = child.stdout as NodeJS.ReadableStream;
    const log = new PluginLog(logger);
    onLines(child.stderr as NodeJS.ReadableStream, MAX_LINE, (line) => {
      stderr.push(line);
      log.stderr(line);
    });

    const exited = new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => {
        // 'close' comes once stderr has drained, so errors can quote the plugin's
        // last words; a grandchild holding the pipes open must not delay it long.
        const done = (): void => {
          clearTimeout(timer);
          child.stdout?.destroy();
          child.stderr?.destroy();
          resolve({ code, signal });
        };
        const timer = setTimeout(done, DRAIN_MS);
        child.once('close', done);
      });
    });

    let firstLine: string | undefined;
    const handshakeLine = new Promise<string>((resolve, reject) => {
      onLines(stdout, MAX_LINE, (line) => {
        if (firstLine !== undefined) return log.stdout(line);
        firstLine = line;
        resolve(line);
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        const why =
          error.code === 'ENOENT'
            ? 'no such file'
            : error.code === 'EACCES'
              ? 'not executable (permission denied)'
              : error.message;
        reject(new PluginStartError(`plugin ${name} cannot be started from ${path}: ${why}`, { cause: error }));
      });
      exited.then((exit) => {
        reject(new PluginExitedError(`plugin ${name} ${describeExit(exit)} before its handshake${lastWords(stderr)}`));
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PluginHandshakeError(`plugin ${name} printed no handshake line within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });

    try {
      const line = await Promise.race([handshakeLine, timeout]);
      // Before the handshake a spawn error rejects the start; after it, a failed
      // kill must not become an uncaught 'error' either.
      child.on('error', (error) => logger.warn({ err: error.message }, 'plugin process error'));
      return new PluginProcess(name, child, parseHandshake(line, `plugin ${name}`), stderr, log, exited);
    } catch (error) {
      if (child.pid !== undefined) {
        if (child.exitCode === null && child.signalCode === null) killGroup(child);
        await exited;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
