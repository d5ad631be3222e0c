/**
 * A plugin's worker thread: started with the minimal environment a plugin
 * process gets and a capped heap, ready once its module says so over the
 * port (with a clear error for each way that can fail), its stdout and
 * stderr logged under the plugin's name, and its end, whatever caused it,
 * told once through `exited`.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type HostMessage, type PluginMessage, WORKER_PROTOCOL_VERSION, type WorkerData } from '@chatkube/proto/worker';
import { PluginExitedError, PluginHandshakeError, PluginProtocolVersionError, PluginStartError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import { onLines } from '../host/lines.js';
import { PluginLog } from '../host/plugin-logs.js';
import { pluginEnvironment } from '../host/process.js';
import { TailBuffer } from '../host/tail-buffer.js';

/**
 * The worker's old generation, in MiB. First-party plugins idle at a few
 * MiB of heap; a plugin that runs away is stopped here (its error says so)
 * rather than taking the agent's memory, and restarted like one that crashed.
 */
export const WORKER_HEAP_LIMIT_MB = 256;
/** The young generation, in MiB: V8's default for a worker is larger, and resident once touched. */
const YOUNG_GENERATION_MB = 8;
const MAX_LINE = 64 * 1024;
/** How long after its exit the worker's stderr may take to drain. */
const DRAIN_MS = 300;

export interface PluginWorkerOptions {
  /** The plugin's name in logs and errors, for example `chatkube/echo`. */
  name: string;
  /** The worker module: an ES module that calls `serveWorker` of `@chatkube/plugin/worker`. */
  path: string;
  /** Added to the plugin's minimal environment. */
  env?: Record<string, string | undefined>;
  /** Default 10 s. */
  startTimeoutMs?: number;
  logger: Logger;
}

interface End {
  code: number;
  /** The uncaught error that ended it, if one did. */
  error?: Error;
}

export class PluginWorker {
  /** Resolves when the worker is gone, saying how: `exited with code 0`, `threw: <message>`. */
  readonly exited: Promise<string>;
  readonly #ended: Promise<End>;
  #end: End | undefined;
  #onMessage: (message: PluginMessage) => void = () => {};

  private constructor(
    readonly name: string,
    readonly kind: 'executor' | 'source',
    private readonly worker: Worker,
    private readonly stderr: TailBuffer,
    ended: Promise<End>,
  ) {
    this.#ended = ended.then((end) => {
      this.#end = end;
      return end;
    });
    this.exited = this.#ended.then((end) => (end.error ? `threw: ${end.error.message}` : `exited with code ${end.code}`));
    worker.on('message', (message: unknown) => {
      // A module of its own making may post anything: what is not the protocol's is dropped, never thrown on.
      if (isPluginMessage(message)) this.#onMessage(message);
    });
  }

  get alive(): boolean {
    return this.#end === undefined;
  }

  /** The thread's id in the agent's process, for logs. */
  get threadId(): number {
    return this.worker.threadId;
  }

  /** Where the worker's messages go once it is ready. */
  onMessage(handler: (message: PluginMessage) => void): void {
    this.#onMessage = handler;
  }

  post(message: HostMessage): void {
    if (this.alive) this.worker.postMessage(message);
  }

  /** Why the worker is gone, with what it threw and its last stderr lines; the summary is as a process's would be. */
  exitError(): PluginExitedError {
    const how = this.#end ? `exited with code ${this.#end.code}` : 'is not answering';
    const threw = this.#end?.error ? `. It threw: ${this.#end.error.message}` : '';
    return new PluginExitedError(`plugin ${this.name} ${how}${threw}${lastWords(this.stderr)}`, `plugin ${this.name} ${how}`);
  }

  /** Stops the thread at once; resolves when it is gone. */
  async terminate(): Promise<void> {
    if (this.alive) await this.worker.terminate();
    await this.#ended;
  }

  /** Resolves true if the worker ends within `ms`. */
  async waitForExit(ms: number): Promise<boolean> {
    if (!this.alive) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.#ended.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Starts the worker module and waits until it serves its plugin. */
  static async start(options: PluginWorkerOptions): Promise<PluginWorker> {
    const { name, path, logger } = options;
    const timeoutMs = options.startTimeoutMs ?? 10_000;
    const workerData: WorkerData = { chatkubeWorker: { protocol: WORKER_PROTOCOL_VERSION, name } };
    let worker: Worker;
    try {
      worker = new Worker(pathToFileURL(path), {
        env: pluginEnvironment(options.env),
        workerData,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_LIMIT_MB, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        stdout: true,
        stderr: true,
      });
    } catch (error) {
      throw new PluginStartError(`plugin ${name} cannot be started from ${path}: ${(error as Error).message}`, { cause: error });
    }
    const stderr = new TailBuffer();
    const log = new PluginLog(logger);
    onLines(worker.stderr, MAX_LINE, (line) => {
      stderr.push(line);
      log.stderr(line);
    });
    onLines(worker.stdout, MAX_LINE, (line) => log.stdout(line));
    let thrown: Error | undefined;
    worker.on('error', (error) => {
      thrown ??= error;
    });
    // Its last stderr lines come after its exit; errors quote them, so wait for them a little.
    const drained = new Promise<void>((resolve) => worker.stderr.once('end', resolve));
    const ended = new Promise<number>((resolve) => worker.once('exit', resolve)).then(async (code): Promise<End> => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
      log.flush();
      return { code, ...(thrown ? { error: thrown } : {}) };
    });

    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<'executor' | 'source'>((resolve, reject) => {
      worker.once('message', (message: unknown) => {
        if (!isPluginMessage(message) || message.type !== 'ready') {
          reject(new PluginHandshakeError(`plugin ${name} posted something else before it said it was ready`));
        } else if (message.protocol !== WORKER_PROTOCOL_VERSION) {
          reject(
            new PluginProtocolVersionError(
              `plugin ${name} speaks chatkube's worker protocol version ${message.protocol}, this agent version ${WORKER_PROTOCOL_VERSION}: rebuild it with this agent's @chatkube/plugin`,
            ),
          );
        } else resolve(message.kind);
      });
      void ended.then(({ code, error }) =>
        reject(
          error
            ? new PluginStartError(`plugin ${name} cannot be started from ${path}: ${error.message}${lastWords(stderr)}`, {
                cause: error,
              })
            : new PluginExitedError(
                `plugin ${name} exited with code ${code} before it was ready: does ${path} call serveWorker of @chatkube/plugin/worker?${lastWords(stderr)}`,
              ),
        ),
      );
      timer = setTimeout(
        () => reject(new PluginHandshakeError(`plugin ${name} did not say it was ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const kind = await ready;
      return new PluginWorker(name, kind, worker, stderr, ended);
    } catch (error) {
      await worker.terminate();
      await ended;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function isPluginMessage(message: unknown): message is PluginMessage {
  const { type, id } = (typeof message === 'object' && message !== null ? message : {}) as { type?: unknown; id?: unknown };
  return type === 'ready' || ((type === 'data' || type === 'end' || type === 'error') && typeof id === 'number');
}

/** The worker's last stderr lines, to quote in an error; nothing when it said nothing. */
function lastWords(stderr: TailBuffer): string {
  const text = stderr.text('');
  return text.trim() ? `. Its last stderr lines:\n${text}` : '';
}
