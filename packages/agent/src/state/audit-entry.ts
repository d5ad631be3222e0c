/**
 * An audit entry as one line of `audit.log`: the fields of {@link AuditEntry}
 * only, in a fixed order, long texts capped so that one huge command (or a
 * secret pasted into it) cannot bloat the log; and the way back, checked.
 */
import type { AuditEntry, AuditOutcome } from './types.js';

/** The longest `command` and `error` kept, in UTF-16 code units. */
export const DEFAULT_MAX_COMMAND_CHARS = 4096;
/** The longest of the short fields (platform, channel, user, …). */
const MAX_NAME_CHARS = 512;

/** `text` cut to `max` characters, saying how much was cut; never splits a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…[${text.length - end} more chars]`;
}

/** The JSON line (with its newline) that records `entry`. */
export function formatAuditLine(entry: AuditEntry, maxCommandChars = DEFAULT_MAX_COMMAND_CHARS): string {
  const name = (value: string) => capText(String(value), MAX_NAME_CHARS);
  const line: Record<string, unknown> = {
    time: name(entry.time),
    platform: name(entry.platform),
    channel: name(entry.channel),
    user: name(entry.user),
    command: capText(String(entry.command), maxCommandChars),
  };
  if (entry.plugin !== undefined) line.plugin = name(entry.plugin);
  line.outcome = name(entry.outcome);
  line.durationMs = Number.isFinite(entry.durationMs) ? Math.max(0, Math.round(entry.durationMs)) : 0;
  if (entry.error !== undefined) line.error = capText(String(entry.error), maxCommandChars);
  if (entry.origin !== undefined) line.origin = name(entry.origin);
  return `${JSON.stringify(line)}\n`;
}

const REQUIRED_TEXT = ['time', 'platform', 'channel', 'user', 'command', 'outcome'] as const;
const OPTIONAL_TEXT = ['plugin', 'error', 'origin'] as const;

/** The entry a line of `audit.log` records, or what is wrong with the line. */
export function parseAuditLine(text: string): AuditEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const fields = value as Record<string, unknown>;
  for (const key of REQUIRED_TEXT) {
    if (typeof fields[key] !== 'string') return `"${key}" is missing or not a string`;
  }
  for (const key of OPTIONAL_TEXT) {
    if (fields[key] !== undefined && typeof fields[key] !== 'string') return `"${key}" is not a string`;
  }
  if (typeof fields.durationMs !== 'number') return '"durationMs" is missing or not a number';
  if (Number.isNaN(Date.parse(fields.time as string))) return `"time" ${JSON.stringify(fields.time)} is not an RFC 3339 time`;
  const entry: AuditEntry = {
    time: fields.time as string,
    platform: fields.platform as string,
    channel: fields.channel as string,
    user: fields.user as string,
    command: fields.command as string,
    // A newer chatkube may record outcomes this one does not name; they are kept as they are.
    outcome: fields.outcome as AuditOutcome,
    durationMs: fields.durationMs,
  };
  for (const key of OPTIONAL_TEXT) {
    if (typeof fields[key] === 'string') entry[key] = fields[key];
  }
  return entry;
}
