/**
 * One destination's queue: deliveries run one at a time, in order, and at
 * most `limit` wait; past that a delivery is dropped and counted, so that a
 * slow or stuck platform never holds memory without bound or delays others.
 */
export interface DeliveryQueueOptions {
  limit: number;
  /** Called for each dropped delivery, with how many were dropped so far. */
  onDrop(dropped: number): void;
  onError(error: unknown): void;
  onDepth?(depth: number): void;
}

export class DeliveryQueue {
  readonly #waiting: (() => Promise<void>)[] = [];
  #dropped = 0;
  #running = false;
  #idle: (() => void)[] = [];

  constructor(private readonly options: DeliveryQueueOptions) {}

  get depth(): number {
    return this.#waiting.length;
  }

  get dropped(): number {
    return this.#dropped;
  }

  /** Queues a delivery; false when the queue was full and it was dropped. */
  push(delivery: () => Promise<void>): boolean {
    if (this.#waiting.length >= this.options.limit) {
      this.options.onDrop(++this.#dropped);
      return false;
    }
    this.#waiting.push(delivery);
    this.options.onDepth?.(this.#waiting.length);
    if (!this.#running) void this.#drain();
    return true;
  }

  /** Resolves once nothing is waiting or running. */
  idle(): Promise<void> {
    if (!this.#running && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(): Promise<void> {
    this.#running = true;
    for (let next = this.#waiting.shift(); next; next = this.#waiting.shift()) {
      this.options.onDepth?.(this.#waiting.length);
      try {
        await next();
      } catch (error) {
        this.options.onError(error);
      }
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
