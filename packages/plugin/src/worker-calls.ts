/**
 * The calls a plugin in a worker thread is serving: each runs its handler
 * with a signal of its own, which aborts when the agent cancels the call or
 * the worker stops; a stream sends only as many responses as the agent has
 * granted credit for, and waits for more.
 */
import * as h2 from '@chatkube/proto/h2';
import { type PluginMessage, toPostable, withBuffers } from '@chatkube/proto/worker';
import { toStatusError } from './grpc-errors.js';
import type { StreamContext } from './grpc-service.js';

/** A method's handler as the worker runs it: a unary handler ignores `send`, a stream's resolves at its end. */
export type WorkerRoute = (request: unknown, call: StreamContext<unknown>) => unknown;

/** One call in progress. */
class WorkerCall implements StreamContext<unknown> {
  readonly #controller = new AbortController();
  #credit: number;
  #wake: (() => void) | undefined;

  constructor(
    readonly id: number,
    private readonly post: (message: PluginMessage) => void,
    credit: number,
  ) {
    this.#credit = credit;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  abort(): void {
    this.#controller.abort(new h2.GrpcStatusError(h2.Status.CANCELLED, 'the call was cancelled'));
    this.#wakeUp();
  }

  grant(credit: number): void {
    this.#credit += credit;
    this.#wakeUp();
  }

  /** Sends one response once there is credit for it; nothing once the call was cancelled. */
  async send(response: unknown): Promise<void> {
    while (this.#credit <= 0 && !this.signal.aborted) await new Promise<void>((resolve) => (this.#wake = resolve));
    if (this.signal.aborted) return;
    this.#credit--;
    this.post({ type: 'data', id: this.id, response: toPostable(response) });
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

export class WorkerCalls {
  readonly #calls = new Map<number, WorkerCall>();

  constructor(private readonly post: (message: PluginMessage) => void) {}

  /** Runs one call to its end: its response, its stream's end, or its error, unless it was cancelled first. */
  async run(id: number, route: WorkerRoute | undefined, request: unknown, credit: number): Promise<void> {
    const call = new WorkerCall(id, this.post, credit);
    this.#calls.set(id, call);
    try {
      if (!route) throw new h2.GrpcStatusError(h2.Status.UNIMPLEMENTED, 'this plugin does not serve that method');
      const input = withBuffers(request);
      const response = await route(input, call);
      if (!call.signal.aborted) this.post({ type: 'end', id, response: toPostable(response) });
    } catch (error) {
      if (call.signal.aborted) return;
      const status = toStatusError(error);
      this.post({ type: 'error', id, code: status.code, message: status.details });
    } finally {
      this.#calls.delete(id);
    }
  }

  cancel(id: number): void {
    this.#calls.get(id)?.abort();
  }

  grant(id: number, credit: number): void {
    this.#calls.get(id)?.grant(credit);
  }

  /** Aborts every call: the worker is stopping. */
  cancelAll(): void {
    for (const call of this.#calls.values()) call.abort();
  }
}
