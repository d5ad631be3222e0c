/**
 * The seams of the state part: the runtime state users change from chat, the
 * store that keeps it, and the audit log of commands. Backends (a file in the
 * state dir today, a Kubernetes ConfigMap later) implement these interfaces.
 */
import { StateInvalidError } from '../errors.js';

/** What a user changed for one channel from chat. Absent fields mean "as configured". */
export interface ChannelState {
  /** `disable notifications` in the channel; `false` or absent: notifications on. */
  notificationsDisabled?: boolean;
  /** The source bindings set with `edit sourcebindings`, replacing the configured ones. */
  sourceBindings?: string[];
}

/** An action enabled or disabled from chat, overriding its configured `enabled`. */
export interface ActionState {
  enabled: boolean;
}

/** Everything changed at runtime, kept across restarts. */
export interface RuntimeState {
  version: 1;
  /** key: `${platform}/${commGroup}/${channel}`, see {@link channelKey}. */
  channels: Record<string, ChannelState>;
  /** key: the action's name in the configuration. */
  actions: Record<string, ActionState>;
}

/** A change to the runtime state: it edits the draft in place, or returns a whole new state. */
// biome-ignore lint/suspicious/noConfusingVoidType: `void` so that any block-bodied editor of the draft type-checks.
export type StateUpdate = (draft: RuntimeState) => void | RuntimeState;

/**
 * Keeps the runtime state. `get()` answers from memory; `update()` changes it
 * durably. The state `get()` and `update()` return is frozen: change it only
 * through `update()`.
 */
export interface StateStore {
  /**
   * Reads the state from the backend (empty state if there is none yet) and
   * takes the backend's lock. Call it before anything else; once loaded, it
   * answers the state in memory.
   */
  load(): Promise<RuntimeState>;
  /** The current state, from memory. Throws `CHATKUBE_ERR_STATE_NOT_OPEN` before `load()` and after `close()`. */
  get(): RuntimeState;
  /**
   * Applies `fn` to a draft copy of the state: it changes the draft in place
   * or returns a whole new state. Updates apply one after another in call
   * order, none lost. The promise resolves with the state after this update
   * once it is durable, so an acknowledged change survives a crash; it rejects
   * (and nothing changes) if `fn` throws, if the result is not a valid state
   * (`CHATKUBE_ERR_STATE_INVALID`), or if writing fails (`CHATKUBE_ERR_STATE_WRITE`).
   *
   * `fn` must depend on nothing but its draft: a backend may run it again on a
   * fresher state (a ConfigMap store does after a conflicting write).
   */
  update(fn: StateUpdate): Promise<RuntimeState>;
  /** Waits for pending updates and releases the lock. */
  close(): Promise<void>;
}

/** How a command ended, as the audit log records it. */
export type AuditOutcome =
  /** The command ran and answered. */
  | 'ok'
  /** The command ran and failed (a plugin error, a non-zero exit, …). */
  | 'error'
  /** The user or channel may not run it (bindings, permissions). */
  | 'denied'
  /** It did not answer in time. */
  | 'timeout'
  /** No built-in verb or executor answers to it. */
  | 'unknown-command'
  /** Refused before running: not a valid command (forbidden characters, bad flags, …). */
  | 'invalid'
  /** Stopped before it ended: the user cancelled it, or the agent stopped. */
  | 'cancelled'
  /** Refused because too many commands are running or queued. */
  | 'busy';

/** One command, as the audit log records it: one JSON line in `audit.log`. */
export interface AuditEntry {
  /** When the command arrived, RFC 3339 (`new Date().toISOString()`). */
  time: string;
  /** The platform's name: `webchat`, `slack`, `discord`, `mattermost`, … */
  platform: string;
  /** The channel's id or name on that platform. */
  channel: string;
  /** The user's id or mention. */
  user: string;
  /** The command as run, after alias expansion; secrets redacted by the caller. Capped in length. */
  command: string;
  /** The executor plugin that ran it, absent for built-in verbs and commands that did not run. */
  plugin?: string;
  outcome: AuditOutcome;
  /** From the command's arrival to its end. */
  durationMs: number;
  /** What went wrong, for outcomes other than `ok`. Capped in length. */
  error?: string;
  /** How the command was given: `typed`, `button`, `automation` (an action), … */
  origin?: string;
}

/** Keeps the audit log. */
export interface AuditLog {
  /** Resolves once the entry is durable; rejects if it is not in the log. */
  append(entry: AuditEntry): Promise<void>;
  /** Waits for pending entries and releases the log. */
  close(): Promise<void>;
}

/** The state with no runtime changes. */
export function emptyRuntimeState(): RuntimeState {
  return { version: 1, channels: {}, actions: {} };
}

/**
 * The key of a channel in {@link RuntimeState.channels}. The platform and
 * communication group names may not contain `/`, so that keys stay unambiguous.
 */
export function channelKey(platform: string, commGroup: string, channel: string): string {
  const part = /^[^/]+$/;
  if (!part.test(platform) || !part.test(commGroup) || channel === '') {
    throw new StateInvalidError(
      `Cannot key the channel ${JSON.stringify(channel)} of ${JSON.stringify(commGroup)} on ${JSON.stringify(platform)}: ` +
        'the platform and group must be non-empty and without "/", the channel non-empty.',
    );
  }
  return `${platform}/${commGroup}/${channel}`;
}

/** What a channel key looks like: `platform/commGroup/channel`. */
export const CHANNEL_KEY = /^[^/]+\/[^/]+\/.+$/s;
