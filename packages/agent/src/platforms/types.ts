/**
 * What the agent needs of a chat platform: commands come in through
 * `onCommand`, answers and notifications go out through `send` and
 * `update`. A platform adapter knows its wire protocol; nothing else does.
 */
import type { Message } from '@chatkube/api';
import type { CommandOrigin } from '../commands/interactions.js';
import type { PlatformName } from '../config/types.js';

export type { CommandOrigin } from '../commands/interactions.js';

export interface ChatUser {
  id: string;
  /** How the platform mentions the user (`<@U123>`); the id where it has none. */
  mention: string;
  displayName: string;
}

/** A command as a platform received it, its bot mention already removed. */
export interface IncomingCommand {
  platform: PlatformName;
  /** The communications group of the channel. */
  group: string;
  /** The channel's name as configured. */
  channel: string;
  user: ChatUser;
  text: string;
  origin: CommandOrigin;
  /** The platform's id of the message that carried the command. */
  messageId?: string;
  threadId?: string;
}

export interface SendOptions {
  /** The platform's id of the message this answers. */
  replyTo?: string;
  /** A line shown above the message: the command and who ran it. */
  header?: string;
  /** More updates of this message will follow. */
  streaming?: boolean;
}

/** What `send` returns: enough to update the message later. */
export interface SentRef {
  channel: string;
  id: string;
}

/** Handles one command; resolves once every answer to it has been sent. */
export type CommandHandler = (command: IncomingCommand) => Promise<void>;

export interface PlatformAdapter {
  readonly name: PlatformName;
  /** Whether the platform shows buttons, selects and inputs. */
  readonly interactive: boolean;
  /** Whether a sent message can be edited (streamed output updates it in place). */
  readonly editable: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  send(channel: string, message: Message, options?: SendOptions): Promise<SentRef>;
  update(ref: SentRef, message: Message, options?: SendOptions): Promise<void>;
  onCommand(handler: CommandHandler): void;
}
