/** What a built-in verb works with. */
import type { Message } from '@chatkube/api';
import type { ChannelDirectory, EffectiveChannel } from '../../agent/channel-directory.js';
import { BUILT_IN_VERBS } from '../../config/index.js';
import type { Config } from '../../config/types.js';
import type { PluginSupervisor } from '../../plugins/supervisor.js';
import type { ExecutorBridge } from '../executor-bridge.js';
import type { CommandRun } from '../run.js';

export interface BuiltinDeps {
  config: Config;
  directory: ChannelDirectory;
  bridge: ExecutorBridge;
  supervisor: PluginSupervisor;
  version: string;
  /** Starts what changed bindings or toggled actions now need: plugins and streams. */
  reconcile(): Promise<void>;
}

export interface BuiltinRequest {
  run: CommandRun;
  /** The command's words, reserved flags removed. */
  args: readonly string[];
  command: string;
  header: string;
}

export interface BuiltinAnswer {
  message: Message;
  /** The verb, for metrics and the audit log. */
  verb: string;
  /** False when no verb matched. */
  known: boolean;
}

/** A verb's handler gets the words after the verb and feature. */
export type Handler = (request: BuiltinRequest, deps: BuiltinDeps, rest: readonly string[]) => Message | Promise<Message>;

/** The verbs the agent answers itself; aliases may expand to them. */
export const BUILTIN_VERBS: ReadonlySet<string> = new Set(BUILT_IN_VERBS);

/** Commands typed in a channel act on it; an action's commands have none. */
export function requireChannel(request: BuiltinRequest): EffectiveChannel {
  if (!request.run.channel) throw new Error('this command needs a channel to act on');
  return request.run.channel;
}
