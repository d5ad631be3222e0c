/**
 * The web chat platform: a conversation per configured channel, kept in
 * memory, that the HTTP API and the WebSocket expose to browsers. It is
 * interactive and editable, so buttons work and streamed output updates
 * one message in place.
 */
import type { Message } from '@chatkube/api';
import type { CommandHandler, CommandOrigin, PlatformAdapter, SendOptions, SentRef } from '../types.js';
import { ChannelHistory, type ChatEntry } from './entries.js';

export type WebchatEvent = { type: 'message.created' | 'message.updated'; channel: string; message: ChatEntry };

export interface WebchatChannel {
  name: string;
  group: string;
}

export class WebchatAdapter implements PlatformAdapter {
  readonly name = 'webchat' as const;
  readonly interactive = true;
  readonly editable = true;
  readonly history = new ChannelHistory();
  readonly #channels = new Map<string, WebchatChannel>();
  readonly #listeners = new Set<(event: WebchatEvent) => void>();
  #handler: CommandHandler | undefined;

  constructor(channels: readonly WebchatChannel[]) {
    for (const channel of channels) this.#channels.set(channel.name, channel);
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.#listeners.clear();
  }

  channel(name: string): WebchatChannel | undefined {
    return this.#channels.get(name);
  }

  channels(): WebchatChannel[] {
    return [...this.#channels.values()];
  }

  onCommand(handler: CommandHandler): void {
    this.#handler = handler;
  }

  /** Pushes every created or updated entry to `listener`; returns how to stop. */
  subscribe(listener: (event: WebchatEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A person's message: it joins the conversation and runs as a command.
   * Resolves with its entry and a promise of the command's completion.
   */
  post(channel: WebchatChannel, text: string, user: string, origin: CommandOrigin): { entry: ChatEntry; done: Promise<void> } {
    const entry: ChatEntry = {
      id: this.history.nextId(),
      channel: channel.name,
      time: new Date().toISOString(),
      author: { kind: 'user', name: user },
      text,
      origin,
    };
    this.#add(entry);
    const done = this.#handler
      ? this.#handler({
          platform: 'webchat',
          group: channel.group,
          channel: channel.name,
          user: { id: user, mention: user, displayName: user },
          text,
          origin,
          messageId: entry.id,
        })
      : Promise.resolve();
    return { entry, done };
  }

  async send(channel: string, message: Message, options: SendOptions = {}): Promise<SentRef> {
    const entry: ChatEntry = {
      id: this.history.nextId(),
      channel,
      time: new Date().toISOString(),
      author: { kind: 'bot', name: 'chatkube' },
      message,
      ...entryOptions(options),
    };
    this.#add(entry);
    return { channel, id: entry.id };
  }

  async update(ref: SentRef, message: Message, options: SendOptions = {}): Promise<void> {
    const previous = this.history.get(ref.channel, ref.id);
    if (!previous) return;
    const { streaming: _, ...kept } = previous;
    const entry: ChatEntry = { ...kept, message, ...entryOptions(options) };
    this.history.replace(entry);
    this.#emit({ type: 'message.updated', channel: ref.channel, message: entry });
  }

  #add(entry: ChatEntry): void {
    this.history.add(entry);
    this.#emit({ type: 'message.created', channel: entry.channel, message: entry });
  }

  #emit(event: WebchatEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

function entryOptions(options: SendOptions): Partial<ChatEntry> {
  return {
    ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    ...(options.header ? { header: options.header } : {}),
    ...(options.streaming ? { streaming: true } : {}),
  };
}
