/** One command on its way through the pipeline: what was said, where, by whom, and where answers go. */
import type { EffectiveChannel } from '../agent/channel-directory.js';
import type { PlatformName } from '../config/types.js';
import type { ChatUser, CommandOrigin, PlatformAdapter } from '../platforms/types.js';

export interface ReplyTarget {
  adapter: PlatformAdapter;
  channel: string;
}

export interface CommandRun {
  /** The command as received, bot mention removed. */
  text: string;
  platform: PlatformName;
  user: ChatUser;
  origin: CommandOrigin;
  /** The channel it was typed in; absent for actions, which answer in every channel of their event. */
  channel?: EffectiveChannel;
  /** The executor groups the command may use, in binding order. */
  executorBindings: readonly string[];
  targets: ReplyTarget[];
  /** The platform's id of the message being answered. */
  replyTo?: string;
  threadId?: string;
}

/** How a command ended, as the audit log and the metrics record it. */
export type { AuditOutcome as RunOutcome } from '../state/index.js';
