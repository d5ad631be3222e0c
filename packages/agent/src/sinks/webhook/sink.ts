/**
 * The webhook sink: POSTs each event's raw object as Botkube does,
 * `{"source": <source group>, "data": <raw object>, "timeStamp": <RFC 3339>}`
 * (Botkube leaves the time zero; chatkube sends when the event was sent). A
 * 2xx answer is success; anything else, or no answer within 30 s, fails the
 * delivery, which the dispatcher counts and logs.
 */
import type { Event } from '@chatkube/api';
import type { WebhookSinkConfig } from '../../config/types.js';
import type { Sink } from '../types.js';

export const WEBHOOK_TIMEOUT_MS = 30_000;

export class WebhookSink implements Sink {
  readonly name: string;
  readonly sources: readonly string[];
  /** The URL without its credentials, which go in an Authorization header, as Go's client sends them. */
  readonly #url: URL;
  readonly #headers: Record<string, string> = { 'content-type': 'application/json' };

  constructor(
    config: WebhookSinkConfig,
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {
    this.name = `webhook:${config.group}`;
    this.sources = config.sources;
    this.#url = new URL(config.url);
    if (this.#url.username || this.#url.password) {
      const credentials = `${decodeURIComponent(this.#url.username)}:${decodeURIComponent(this.#url.password)}`;
      this.#headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
      this.#url.username = '';
      this.#url.password = '';
    }
  }

  async send(event: Event, sourceGroup: string): Promise<void> {
    const body = JSON.stringify({ source: sourceGroup, data: event.rawObject ?? null, timeStamp: new Date().toISOString() });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers: this.#headers,
        body,
        signal: controller.signal,
      });
      // Read the answer so that the connection is free for the next event.
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`the webhook ${this.#where()} answered HTTP ${response.status}`);
    } catch (error) {
      if (controller.signal.aborted)
        throw new Error(`the webhook ${this.#where()} did not answer within ${this.timeoutMs / 1000} s`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (cause) throw new Error(`the webhook ${this.#where()} cannot be reached: ${cause.code ?? cause.message}`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The URL without credentials or query, for messages. */
  #where(): string {
    return `${this.#url.protocol}//${this.#url.host}${this.#url.pathname}`;
  }
}
