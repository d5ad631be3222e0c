/** The web chat HTTP API's JSON, as the agent serves it under /api/v1/webchat. */
import type { Message } from '@chatkube/api';

/** How a command came about, as the agent audits it. */
export type CommandOrigin = 'typed' | 'buttonClick' | 'selectValueChange' | 'multiSelectValueChange' | 'plainTextInput';

/** A channel of the web chat and what is bound to it. */
export interface ChannelInfo {
  name: string;
  bindings: { executors: string[]; sources: string[] };
  notifications: boolean;
}

export interface ChatAuthor {
  kind: 'user' | 'bot';
  name: string;
}

/** One entry of a channel's history: a person's text or the bot's message. */
export interface ChatEntry {
  id: string;
  channel: string;
  /** RFC 3339. */
  time: string;
  author: ChatAuthor;
  /** The id of the user entry this answers. */
  replyTo?: string;
  /** True while updates of this entry may follow. */
  streaming?: boolean;
  /** A line shown above a bot message, in the markdown subset: the command and where it ran. */
  header?: string;
  /** A user entry's text. */
  text?: string;
  /** How a user entry's command came about. */
  origin?: CommandOrigin;
  /** A bot entry's message. */
  message?: Message;
}

/** What the WebSocket pushes; `message.updated` replaces the entry with the same id. */
export interface ChatFrame {
  type: 'message.created' | 'message.updated';
  channel: string;
  message: ChatEntry;
}

/** What a command carries when it is sent. */
export interface OutgoingCommand {
  text: string;
  user: string;
  origin: CommandOrigin;
}
