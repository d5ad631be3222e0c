/**
 * Keeps the agent's plugins running: one process or worker per plugin key, started in
 * parallel, health-checked every `healthCheckInterval`, restarted with
 * backoff when they die or stop answering, and deactivated (or the agent
 * stopped, with `RestartAgent`) once they failed more often than the
 * restart policy's threshold. Callers hold a client per key whatever
 * happens to the process behind it.
 */
import { EventEmitter } from 'node:events';
import type { PluginRef, RestartPolicyType } from '../config/types.js';
import {
  PluginConfigInvalidError,
  PluginDeactivatedError,
  PluginExitedError,
  PluginNotFoundError,
  PluginStartError,
} from '../errors.js';
import type { Logger } from '../logging.js';
import type { PluginInstance, PluginKind, PluginRuntime, StartPluginOptions } from './runtime.js';

export type { PluginKind };
export type PluginState = 'starting' | 'running' | 'restarting' | 'deactivated' | 'failed' | 'stopped';

export interface PluginStatus {
  kind: PluginKind;
  key: string;
  state: PluginState;
  restarts: number;
  threshold: number;
  /** Why it last failed, if it did. */
  lastError?: string;
  /** When `state` last changed, RFC 3339. */
  since: string;
  /** How it runs, while it runs. */
  runtime?: PluginRuntime;
  /** The process id while it runs as a process. */
  pid?: number;
}

export interface SupervisorOptions {
  /** Starts one instance of a plugin; rejects with a coded error when it cannot. */
  start(kind: PluginKind, ref: PluginRef, options: StartPluginOptions): Promise<PluginInstance>;
  restartPolicy: { type: RestartPolicyType; threshold: number };
  healthCheckIntervalMs: number;
  callTimeoutMs: number;
  logger: Logger;
  /** How long a plugin may take to print its handshake; default 10 s. */
  startTimeoutMs?: number;
}

/**
 * Backoff between restarts: the first is immediate (a plugin that crashed
 * once is back within its start time), then 250 ms doubling to 30 s; a
 * plugin that ran a minute starts over.
 */
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
/** How long a call waits for a restarting plugin before it fails. */
const WAIT_FOR_RESTART_MS = 15_000;

interface Running {
  instance: PluginInstance;
  startedAt: number;
}

/** One plugin key and the process currently behind it. */
class SupervisedPlugin extends EventEmitter {
  state: PluginState = 'starting';
  restarts = 0;
  lastError: string | undefined;
  since = new Date().toISOString();
  /** Counts starts; a source stream is opened again for each. */
  generation = 0;
  #running: Running | undefined;
  #failuresInARow = 0;
  #healthTimer: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(
    readonly kind: PluginKind,
    readonly ref: PluginRef,
    private readonly options: SupervisorOptions,
    private readonly logger: Logger,
  ) {
    super();
    this.setMaxListeners(0);
  }

  status(): PluginStatus {
    return {
      kind: this.kind,
      key: this.ref.key,
      state: this.state,
      restarts: this.restarts,
      threshold: this.options.restartPolicy.threshold,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      since: this.since,
      ...(this.#running ? { runtime: this.#running.instance.runtime } : {}),
      ...(this.#running?.instance.pid ? { pid: this.#running.instance.pid } : {}),
    };
  }

  /** Starts the plugin; a failure is recorded and retried per the restart policy, never thrown. */
  async start(): Promise<void> {
    try {
      const instance = await this.options.start(this.kind, this.ref, {
        callTimeoutMs: this.options.callTimeoutMs,
        logger: this.logger,
        ...(this.options.startTimeoutMs ? { startTimeoutMs: this.options.startTimeoutMs } : {}),
      });
      if (this.#stopping) {
        await instance.close();
        return;
      }
      this.#running = { instance, startedAt: Date.now() };
      this.generation++;
      this.#setState('running');
      this.logger.info({ runtime: instance.runtime, pluginPid: instance.pid, generation: this.generation }, 'plugin started');
      this.#watch(this.#running);
      this.emit('started', this.generation);
    } catch (error) {
      this.#failed(error);
    }
  }

  /** The running instance, waiting a little for one that is restarting. */
  async running(): Promise<PluginInstance> {
    if (this.#running && this.state === 'running') return this.#running.instance;
    if (this.state === 'deactivated')
      throw new PluginDeactivatedError(
        `plugin ${this.ref.key} is deactivated: it was started again ${this.restarts} times, as often as the restart policy allows, and failed again. Last error: ${this.lastError ?? 'unknown'}`,
      );
    if (this.state === 'stopped') throw new PluginExitedError(`plugin ${this.ref.key} is stopped: the agent is shutting down`);
    if (this.state === 'failed')
      throw new PluginStartError(`plugin ${this.ref.key} could not be started: ${this.lastError ?? 'unknown'}`);
    await this.nextStart(WAIT_FOR_RESTART_MS);
    if (this.#running) return this.#running.instance;
    if (this.generation === 0)
      throw new PluginStartError(`plugin ${this.ref.key} could not be started: ${this.lastError ?? 'it is still starting'}`);
    throw new PluginExitedError(`plugin ${this.ref.key} is not running (${this.state}): ${this.lastError ?? 'starting'}`);
  }

  /** Resolves at the next start, or after `timeoutMs`, or when the plugin is deactivated or stopped. */
  nextStart(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.off('started', done).off('ended', done);
        resolve();
      };
      const timer = Number.isFinite(timeoutMs) ? setTimeout(done, timeoutMs) : undefined;
      this.once('started', done).once('ended', done);
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#healthTimer);
    const running = this.#running;
    this.#running = undefined;
    this.#setState('stopped');
    this.emit('ended');
    await running?.instance.close();
  }

  #watch(running: Running): void {
    running.instance.exited.then((how) => {
      if (this.#running !== running) return;
      this.#running = undefined;
      clearTimeout(this.#healthTimer);
      if (this.#stopping) return;
      if (Date.now() - running.startedAt >= STABLE_AFTER_MS) this.#failuresInARow = 0;
      this.#failed(new PluginExitedError(`plugin ${this.ref.key} ${how}`));
    });
    const check = (): void => {
      this.#healthTimer = setTimeout(async () => {
        if (this.#running !== running) return;
        const healthy = await running.instance.healthy(Math.min(5000, this.options.healthCheckIntervalMs));
        if (this.#running !== running) return;
        if (healthy) return check();
        this.logger.warn('plugin failed its health check; stopping it to start it again');
        // Its exit is then handled as any other.
        await running.instance.close();
      }, this.options.healthCheckIntervalMs);
      this.#healthTimer.unref();
    };
    check();
  }

  #failed(error: unknown): void {
    if (this.#stopping) return;
    this.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // A plugin that is not there, or whose config it would misread, is no better on a retry: say so once, and stop trying.
    if (error instanceof PluginNotFoundError || error instanceof PluginConfigInvalidError) {
      this.#setState('failed');
      this.logger.error({ err: this.lastError }, 'plugin cannot be started');
      this.emit('ended');
      return;
    }
    const { threshold, type } = this.options.restartPolicy;
    if (this.restarts >= threshold) {
      this.#setState('deactivated');
      this.logger.error({ err: this.lastError, restarts: this.restarts }, 'plugin deactivated: too many failures');
      this.emit('ended');
      if (type === 'RestartAgent') this.emit('fatal', new PluginDeactivatedError(`plugin ${this.ref.key} failed too often`));
      return;
    }
    this.restarts++;
    this.#failuresInARow++;
    const delay = this.#failuresInARow === 1 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (this.#failuresInARow - 2));
    this.#setState('restarting');
    this.logger.warn({ err: this.lastError, restart: this.restarts, inMs: delay }, 'plugin failed; restarting it');
    setTimeout(() => {
      if (!this.#stopping) void this.start();
    }, delay).unref();
  }

  #setState(state: PluginState): void {
    if (this.state === state) return;
    this.state = state;
    this.since = new Date().toISOString();
  }
}

export class PluginSupervisor extends EventEmitter {
  readonly #plugins = new Map<string, SupervisedPlugin>();

  constructor(private readonly options: SupervisorOptions) {
    super();
  }

  /** Starts every plugin in parallel; resolves once each has started or failed its first start. */
  async start(wanted: readonly { kind: PluginKind; ref: PluginRef }[]): Promise<void> {
    const started: Promise<void>[] = [];
    for (const { kind, ref } of wanted) {
      const id = `${kind}:${ref.key}`;
      if (this.#plugins.has(id)) continue;
      const logger = this.options.logger.child({ plugin: ref.key, kind });
      const plugin = new SupervisedPlugin(kind, ref, this.options, logger);
      plugin.on('fatal', (error) => this.emit('fatal', error));
      this.#plugins.set(id, plugin);
      started.push(plugin.start());
    }
    await Promise.all(started);
  }

  statuses(): PluginStatus[] {
    return [...this.#plugins.values()].map((plugin) => plugin.status());
  }

  status(kind: PluginKind, key: string): PluginStatus | undefined {
    return this.#plugins.get(`${kind}:${key}`)?.status();
  }

  /** The supervised plugin of a key; throws when the key was never started. */
  plugin(kind: PluginKind, key: string): SupervisedPlugin {
    const plugin = this.#plugins.get(`${kind}:${key}`);
    if (!plugin) throw new PluginExitedError(`plugin ${key} was not started: it is not enabled or not bound anywhere`);
    return plugin;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#plugins.values()].map((plugin) => plugin.stop()));
  }
}

export type { SupervisedPlugin };
