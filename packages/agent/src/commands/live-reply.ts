/**
 * One answer that may grow: streamed output shown as one message, updated
 * in place at most every `intervalMs`. An answer that ends within the first
 * interval is sent once, final, as a plain answer is; one that goes on is
 * shown at once after that interval and then updated, the last update
 * always shown. Sends and updates run one after another, never overlapping.
 */
import type { Message } from '@chatkube/api';
import type { SentRef } from '../platforms/types.js';

export interface LiveReplyTarget {
  send(message: Message, streaming: boolean): Promise<SentRef[]>;
  update(refs: SentRef[], message: Message, streaming: boolean): Promise<void>;
}

export class LiveReply {
  #refs: SentRef[] | undefined;
  #pending: Message | undefined;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #finished = false;
  #shown: Message | undefined;

  constructor(
    private readonly target: LiveReplyTarget,
    private readonly intervalMs: number,
  ) {}

  /** Whether anything was shown yet. */
  get shown(): boolean {
    return this.#refs !== undefined;
  }

  /** A new state of the answer; shown within `intervalMs`. */
  push(message: Message): void {
    if (this.#finished) return;
    this.#pending = message;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#flush(true);
    }, this.intervalMs);
  }

  /**
   * The final state: shown now, as the end of the answer; resolves once it is
   * sent. Without one (the plugin asked to send nothing) an answer already
   * shown stays as it was last shown, marked final; one never shown stays unsent.
   */
  async finish(message: Message | undefined): Promise<void> {
    this.#finished = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = message;
    if (message) this.#flush(false);
    else
      this.#chain = this.#chain.then(async () => {
        if (this.#refs && this.#shown) await this.target.update(this.#refs, this.#shown, false);
      });
    await this.#chain;
  }

  #flush(streaming: boolean): void {
    const message = this.#pending;
    if (!message) return;
    this.#pending = undefined;
    this.#chain = this.#chain.then(async () => {
      if (this.#refs) await this.target.update(this.#refs, message, streaming);
      else this.#refs = await this.target.send(message, streaming);
      this.#shown = message;
    });
  }
}
