/**
 * Between the API client, which needs a token after a 401, and the form that
 * asks the person for it: every request waiting for a token resumes when one
 * is entered, and the form is shown once however many requests wait.
 */
import type { TokenSource } from './api-client.js';

/** What the form needs to know: whether it shows, and whether a token was refused. */
export type TokenAsk = { rejected: boolean } | undefined;

export interface TokenStore {
  token(): string | undefined;
  setToken(token: string): void;
}

export class TokenBroker implements TokenSource {
  readonly #store: TokenStore;
  #waiting: Array<(token: string) => void> = [];
  #ask: TokenAsk;
  #listener: (ask: TokenAsk) => void = () => {};

  constructor(store: TokenStore) {
    this.#store = store;
  }

  current(): string | undefined {
    return this.#store.token();
  }

  request(rejected: boolean): Promise<string> {
    this.#ask = { rejected: rejected || this.#ask?.rejected === true };
    this.#listener(this.#ask);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Saves the entered token and resumes every waiting request. */
  submit(token: string): void {
    this.#store.setToken(token);
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#ask = undefined;
    this.#listener(undefined);
    for (const resume of waiting) resume(token);
  }

  /** Tells `listener` when the form should show or hide; it learns the current state at once. */
  listen(listener: (ask: TokenAsk) => void): void {
    this.#listener = listener;
    listener(this.#ask);
  }
}
