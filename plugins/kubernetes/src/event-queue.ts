/**
 * The events of one stream, in order, while their cards are made (some need
 * API lookups). Bounded: past the limit the newest are dropped, counted, and
 * said once per burst.
 */
import type { Event } from '@chatkube/api';
import type { Log } from './log.js';

export class EventQueue {
  readonly #items: Promise<Event | undefined>[] = [];
  readonly #limit: number;
  readonly #log: Log;
  #wake: (() => void) | undefined;
  #dropping = false;
  /** Events dropped because the stream's reader was too slow. */
  dropped = 0;

  constructor(limit: number, log: Log) {
    this.#limit = limit;
    this.#log = log;
  }

  push(item: Promise<Event | undefined>): void {
    if (this.#items.length >= this.#limit) {
      this.dropped++;
      void item.catch(() => undefined);
      if (!this.#dropping) {
        this.#dropping = true;
        this.#log.warn(`more than ${this.#limit} events wait to be sent: dropping new ones until the stream catches up`);
      }
      return;
    }
    if (this.#dropping && this.#items.length < this.#limit / 2) {
      this.#dropping = false;
      this.#log.warn(`the stream caught up; ${this.dropped} events were dropped so far`);
    }
    this.#items.push(item);
    this.#wake?.();
  }

  /** The events as they are ready, until `signal` aborts. */
  async *drain(signal: AbortSignal): AsyncGenerator<Event> {
    const onAbort = () => this.#wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        const next = this.#items.shift();
        if (next === undefined) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          this.#wake = undefined;
          continue;
        }
        let event: Event | undefined;
        try {
          event = await next;
        } catch (error) {
          this.#log.error(`an event could not be made: ${(error as Error).message}`);
        }
        if (event && !signal.aborted) yield event;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
