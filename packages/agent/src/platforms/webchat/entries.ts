/**
 * The web chat's conversation: entries by channel, both directions,
 * notifications included, each channel's history bounded.
 */
import type { Message } from '@chatkube/api';
import type { CommandOrigin } from '../types.js';

/** One entry of a channel's conversation, as the HTTP API and the WebSocket carry it. */
export interface ChatEntry {
  id: string;
  channel: string;
  /** RFC 3339. */
  time: string;
  author: { kind: 'user' | 'bot'; name: string };
  /** The id of the user entry this answers. */
  replyTo?: string;
  /** True while more updates of this entry may follow. */
  streaming?: boolean;
  /** A line shown above a bot message: the command and who ran it. */
  header?: string;
  /** A user entry's text. */
  text?: string;
  origin?: CommandOrigin;
  /** A bot entry's message. */
  message?: Message;
}

/** How many entries each channel keeps; older ones fall off. */
export const HISTORY_LIMIT = 500;

export class ChannelHistory {
  readonly #entries = new Map<string, ChatEntry[]>();
  #sequence = 0;

  constructor(private readonly limit = HISTORY_LIMIT) {}

  /** Ids are increasing numbers, so that `after` compares them. */
  nextId(): string {
    return String(++this.#sequence);
  }

  add(entry: ChatEntry): void {
    let list = this.#entries.get(entry.channel);
    if (!list) {
      list = [];
      this.#entries.set(entry.channel, list);
    }
    list.push(entry);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
  }

  /** Replaces the entry with the same id; false if it fell off the history. */
  replace(entry: ChatEntry): boolean {
    const list = this.#entries.get(entry.channel) ?? [];
    // Updates are for recent entries: search from the end.
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i]?.id === entry.id) {
        list[i] = entry;
        return true;
      }
    }
    return false;
  }

  get(channel: string, id: string): ChatEntry | undefined {
    const list = this.#entries.get(channel) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i]?.id === id) return list[i];
    return undefined;
  }

  /** The channel's entries after the one with id `after` (all of them without it). */
  list(channel: string, after?: string): ChatEntry[] {
    const list = this.#entries.get(channel) ?? [];
    if (after === undefined) return [...list];
    const n = Number(after);
    return list.filter((entry) => Number(entry.id) > n);
  }

  /** The bot entries that answer `id`. */
  replies(channel: string, id: string): ChatEntry[] {
    return (this.#entries.get(channel) ?? []).filter((entry) => entry.replyTo === id);
  }
}
