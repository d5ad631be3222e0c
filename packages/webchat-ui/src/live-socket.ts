/**
 * The WebSocket that pushes new and updated entries. It reconnects with
 * exponential backoff and jitter, so a restarting agent is not flooded, and
 * reports its state for the connection indicator.
 */
import type { ChatEntry, ChatFrame } from './types.js';

export type SocketState =
  | { kind: 'connecting' }
  | { kind: 'open' }
  /** Closed; the next attempt starts at `retryAt` (epoch ms). */
  | { kind: 'waiting'; retryAt: number }
  | { kind: 'stopped' };

export interface LiveSocketOptions {
  /** Called for each attempt, so a token entered meanwhile is used. */
  url(): string;
  onFrame(frame: ChatFrame): void;
  onState(state: SocketState): void;
  /** For tests; `new WebSocket(url)` otherwise. */
  createSocket?: (url: string) => WebSocket;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** The wait before reconnect attempt `attempt` (0-based): doubling from 0.5 s to 15 s, ±25 % jitter. */
export function backoffDelay(attempt: number, random: number = Math.random()): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + random * 0.5));
}

/** A pushed frame, or `undefined` when the data is not one (such frames are ignored). */
export function parseFrame(data: unknown): ChatFrame | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as Partial<ChatFrame>;
  if (frame.type !== 'message.created' && frame.type !== 'message.updated') return undefined;
  if (typeof frame.channel !== 'string' || !isEntry(frame.message)) return undefined;
  return { type: frame.type, channel: frame.channel, message: frame.message };
}

function isEntry(value: unknown): value is ChatEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<ChatEntry>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.channel === 'string' &&
    typeof entry.author === 'object' &&
    entry.author !== null &&
    (entry.author.kind === 'user' || entry.author.kind === 'bot')
  );
}

export class LiveSocket {
  readonly #options: LiveSocketOptions;
  #socket: WebSocket | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #stopped = true;

  constructor(options: LiveSocketOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.close();
    this.#socket = undefined;
    this.#options.onState({ kind: 'stopped' });
  }

  /** Drops the current connection (or wait) and connects again at once, e.g. after a new token. */
  reconnectNow(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    const old = this.#socket;
    this.#socket = undefined;
    old?.close();
    this.#attempt = 0;
    this.#connect();
  }

  #connect(): void {
    this.#options.onState({ kind: 'connecting' });
    const create = this.#options.createSocket ?? ((url: string) => new WebSocket(url));
    const socket = create(this.#options.url());
    this.#socket = socket;
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) return;
      this.#attempt = 0;
      this.#options.onState({ kind: 'open' });
    });
    socket.addEventListener('message', (event) => {
      if (this.#socket !== socket) return;
      const frame = parseFrame(event.data);
      if (frame) this.#options.onFrame(frame);
    });
    socket.addEventListener('close', () => {
      // A socket replaced by reconnectNow or stop closes without consequences.
      if (this.#socket !== socket || this.#stopped) return;
      this.#socket = undefined;
      const delay = backoffDelay(this.#attempt++);
      this.#options.onState({ kind: 'waiting', retryAt: Date.now() + delay });
      this.#timer = setTimeout(() => this.#connect(), delay);
    });
  }
}
