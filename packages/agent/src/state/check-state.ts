/**
 * Checks that a value has the runtime state's shape. Hand-written rather than
 * a schema so that the one problem reported names its place in words a user
 * editing `state.json` by hand can act on.
 */
import { CHANNEL_KEY } from './types.js';

const STATE_KEYS = new Set(['version', 'channels', 'actions']);
const CHANNEL_KEYS = new Set(['notificationsDisabled', 'sourceBindings']);
const ACTION_KEYS = new Set(['enabled']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

const at = (path: string, key: string): string => `${path}[${JSON.stringify(key)}]`;

function unknownKey(value: Record<string, unknown>, known: Set<string>, path: string): string | undefined {
  const extra = Object.keys(value).find((key) => !known.has(key));
  if (extra === undefined) return undefined;
  return `${path || 'the top level'} has an unknown field ${JSON.stringify(extra)} (known: ${[...known].join(', ')})`;
}

function checkChannel(value: unknown, path: string): string | undefined {
  if (!isRecord(value)) return `${path} must be an object, not ${describe(value)}`;
  const extra = unknownKey(value, CHANNEL_KEYS, path);
  if (extra) return extra;
  const { notificationsDisabled, sourceBindings } = value;
  if (notificationsDisabled !== undefined && typeof notificationsDisabled !== 'boolean') {
    return `${path}.notificationsDisabled must be true or false, not ${describe(notificationsDisabled)}`;
  }
  if (sourceBindings === undefined) return undefined;
  if (!Array.isArray(sourceBindings))
    return `${path}.sourceBindings must be an array of source names, not ${describe(sourceBindings)}`;
  const bad = sourceBindings.findIndex((name) => typeof name !== 'string' || name === '');
  if (bad >= 0) return `${path}.sourceBindings[${bad}] must be a non-empty string, not ${describe(sourceBindings[bad])}`;
  return undefined;
}

function checkAction(value: unknown, path: string): string | undefined {
  if (!isRecord(value)) return `${path} must be an object, not ${describe(value)}`;
  const extra = unknownKey(value, ACTION_KEYS, path);
  if (extra) return extra;
  if (typeof value.enabled !== 'boolean') return `${path}.enabled must be true or false, not ${describe(value.enabled)}`;
  return undefined;
}

/**
 * The first thing that keeps `value` from being a {@link RuntimeState}, in
 * words, or `undefined` when it is one.
 */
export function checkRuntimeState(value: unknown): string | undefined {
  if (!isRecord(value)) return `the state must be an object, not ${describe(value)}`;
  const extra = unknownKey(value, STATE_KEYS, '');
  if (extra) return extra;
  if (value.version !== 1) {
    return typeof value.version === 'number'
      ? `version ${value.version} is not supported; this chatkube reads version 1`
      : `version must be 1, not ${describe(value.version)}`;
  }
  const { channels, actions } = value;
  if (!isRecord(channels)) return `channels must be an object keyed by "platform/group/channel", not ${describe(channels)}`;
  for (const [key, channel] of Object.entries(channels)) {
    if (!CHANNEL_KEY.test(key)) return `channels key ${JSON.stringify(key)} is not of the form "platform/group/channel"`;
    const problem = checkChannel(channel, at('channels', key));
    if (problem) return problem;
  }
  if (!isRecord(actions)) return `actions must be an object keyed by action name, not ${describe(actions)}`;
  for (const [name, action] of Object.entries(actions)) {
    if (name === '') return 'actions has an empty action name';
    const problem = checkAction(action, at('actions', name));
    if (problem) return problem;
  }
  return undefined;
}
