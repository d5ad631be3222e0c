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
/** How many bytes of entries (as JSON) each channel keeps: a few long outputs must not hold the agent's memory. */
export const HISTORY_BYTES = 4 * 1024 * 1024;

export interface HistoryLimits {
  entries: number;
  bytes: number;
}

interface Channel {
  entries: ChatEntry[];
  /** The JSON size of each entry, by position. */
  sizes: number[];
  bytes: number;
}

const sizeOf = (entry: ChatEntry): number => Buffer.byteLength(JSON.stringify(entry));

export class ChannelHistory {
  readonly #channels = new Map<string, Channel>();
  #sequence = 0;

  constructor(private readonly limits: HistoryLimits = { entries: HISTORY_LIMIT, bytes: HISTORY_BYTES }) {}

  /** Ids are increasing numbers, so that `after` compares them. */
  nextId(): string {
    return String(++this.#sequence);
  }

  add(entry: ChatEntry): void {
    let channel = this.#channels.get(entry.channel);
    if (!channel) {
      channel = { entries: [], sizes: [], bytes: 0 };
      this.#channels.set(entry.channel, channel);
    }
    const size = sizeOf(entry);
    channel.entries.push(entry);
    channel.sizes.push(size);
    channel.bytes += size;
    this.#trim(channel);
  }

  /** Replaces the entry with the same id; false if it fell off the history. */
  replace(entry: ChatEntry): boolean {
    const channel = this.#channels.get(entry.channel);
    if (!channel) return false;
    // Updates are for recent entries: search from the end.
    for (let i = channel.entries.length - 1; i >= 0; i--) {
      if (channel.entries[i]?.id === entry.id) {
        const size = sizeOf(entry);
        channel.bytes += size - (channel.sizes[i] ?? 0);
        channel.entries[i] = entry;
        channel.sizes[i] = size;
        this.#trim(channel);
        return true;
      }
    }
    return false;
  }

  get(channel: string, id: string): ChatEntry | undefined {
    const list = this.#channels.get(channel)?.entries ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i]?.id === id) return list[i];
    return undefined;
  }

  /** The channel's entries after the one with id `after` (all of them without it). */
  list(channel: string, after?: string): ChatEntry[] {
    const list = this.#channels.get(channel)?.entries ?? [];
    if (after === undefined) return [...list];
    const n = Number(after);
    return list.filter((entry) => Number(entry.id) > n);
  }

  /** The bot entries that answer `id`. */
  replies(channel: string, id: string): ChatEntry[] {
    return (this.#channels.get(channel)?.entries ?? []).filter((entry) => entry.replyTo === id);
  }

  /** The oldest entries fall off until the channel is within both limits; the newest always stays. */
  #trim(channel: Channel): void {
    let drop = 0;
    let bytes = channel.bytes;
    while (
      channel.entries.length - drop > 1 &&
      (channel.entries.length - drop > this.limits.entries || bytes > this.limits.bytes)
    ) {
      bytes -= channel.sizes[drop] ?? 0;
      drop++;
    }
    if (drop === 0) return;
    channel.entries.splice(0, drop);
    channel.sizes.splice(0, drop);
    channel.bytes = bytes;
  }
}
