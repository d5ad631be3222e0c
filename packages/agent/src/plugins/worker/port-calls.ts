/**
 * Calls to a plugin worker over its port: unary calls with a deadline, and
 * streams paced by credit (the worker may send `window` responses ahead of
 * what was consumed, no more). Cancelling a call tells the worker, which
 * aborts the handler's signal. Errors are the gRPC runtime's: the same
 * coded error for the same status, PluginExitedError for every call in
 * flight when the worker ends.
 */
import {
  type HostMessage,
  type PluginMessage,
  type StreamWorkerMethod,
  toPostable,
  type UnaryWorkerMethod,
  type WorkerMethods,
} from '@chatkube/proto/worker';
import { PluginTimeoutError } from '../../errors.js';
import { statusCallError } from '../host/call-errors.js';

/** How many responses a stream may have on the way or unread: the source that never ends holds at most this many. */
export const STREAM_WINDOW = 16;

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** The call's deadline from now; none when absent. */
  timeoutMs?: number;
}

interface Pending {
  data(response: unknown): void;
  end(response: unknown): void;
  fail(error: Error): void;
}

export class PortCalls {
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #failure: Error | undefined;

  constructor(
    private readonly name: string,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** A message from the worker. */
  receive(message: PluginMessage): void {
    if (message.type === 'ready') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return; // a call given up already
    if (message.type === 'data') pending.data(message.response);
    else if (message.type === 'end') pending.end(message.response);
    else pending.fail(new WorkerCallError(message.code, message.message));
  }

  /** The worker is gone: every call in flight, and every later one, fails with `error`. */
  failAll(error: Error): void {
    this.#failure = error;
    for (const pending of [...this.#pending.values()]) pending.fail(error);
  }

  /** One request, one response; `what` names the call in errors (`Help`, `HandleExternalRequest`). */
  unary<M extends UnaryWorkerMethod>(
    method: M,
    request: WorkerMethods[M]['request'],
    what: string,
    options: CallOptions = {},
  ): Promise<WorkerMethods[M]['response']> {
    const { signal } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (this.#failure) return reject(this.#failure);
      const id = this.#nextId++;
      let timer: NodeJS.Timeout | undefined;
      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        this.#pending.delete(id);
      };
      const giveUp = (error: unknown): void => {
        settle();
        this.post({ type: 'cancel', id });
        reject(error);
      };
      const abort = (): void => giveUp(signal?.reason);
      this.#pending.set(id, {
        data: () => {},
        end: (response) => {
          settle();
          resolve(response as WorkerMethods[M]['response']);
        },
        fail: (error) => {
          settle();
          reject(this.#coded(error, what));
        },
      });
      if (options.timeoutMs !== undefined)
        timer = setTimeout(
          () => giveUp(new PluginTimeoutError(`plugin ${this.name} did not answer ${what} in time`)),
          options.timeoutMs,
        );
      signal?.addEventListener('abort', abort, { once: true });
      this.post({ type: 'call', id, method, request: toPostable(request) });
    });
  }

  /** One request, responses as they come, `STREAM_WINDOW` at most ahead of the reader. */
  async *stream<M extends StreamWorkerMethod>(
    method: M,
    request: WorkerMethods[M]['request'],
    what: string,
    options: CallOptions = {},
  ): AsyncIterable<WorkerMethods[M]['response']> {
    const { signal } = options;
    signal?.throwIfAborted();
    if (this.#failure) throw this.#failure;
    const id = this.#nextId++;
    const queue: WorkerMethods[M]['response'][] = [];
    let ended = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const wakeUp = (): void => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };
    this.#pending.set(id, {
      data: (response) => {
        queue.push(response as WorkerMethods[M]['response']);
        wakeUp();
      },
      end: () => {
        ended = true;
        wakeUp();
      },
      fail: (error) => {
        failure ??= this.#coded(error, what);
        ended = true;
        wakeUp();
      },
    });
    const abort = (): void => wakeUp();
    signal?.addEventListener('abort', abort, { once: true });
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            wakeUp();
          }, options.timeoutMs);
    this.post({ type: 'call', id, method, request: toPostable(request), credit: STREAM_WINDOW });
    let consumed = 0;
    try {
      for (;;) {
        signal?.throwIfAborted();
        if (timedOut) throw new PluginTimeoutError(`plugin ${this.name} did not answer ${what} in time`);
        const response = queue.shift();
        if (response !== undefined) {
          // Credit goes back in batches: one message per half window read, not one per response.
          if (++consumed >= STREAM_WINDOW / 2) {
            this.post({ type: 'credit', id, credit: consumed });
            consumed = 0;
          }
          yield response;
          continue;
        }
        if (failure) throw failure;
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      this.#pending.delete(id);
      // The reader stopped early, gave up or timed out: the plugin's handler stops too.
      if (!ended) this.post({ type: 'cancel', id });
    }
  }

  /** A worker's error status as the agent's coded error; other errors (the worker's end) as they are. */
  #coded(error: Error, what: string): Error {
    return error instanceof WorkerCallError ? statusCallError(this.name, error.code, error.details, what) : error;
  }
}

/** A call's error status, as the worker sent it. */
class WorkerCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(details);
  }
}
