/**
 * The first step for every chat command: undo what chat clients do to typed
 * text (links, typographic quotes), drop what can never be part of a command
 * (control characters), and refuse what is too long to be one.
 */
import { CommandTooLongError } from '../errors.js';

/** The longest command accepted, in UTF-8 bytes (16 KiB). */
export const MAX_COMMAND_LENGTH = 16 * 1024;

export interface SanitizeOptions {
  /** Longest command accepted, in UTF-8 bytes; {@link MAX_COMMAND_LENGTH} unless given. */
  maxLength?: number;
}

// Slack writes links it detected as `<url>` or `<url|label>`. Only web and
// mail links are unwrapped: `<@U123>` (a mention) and `<#C1|name>` (a
// channel) are Slack markup for other things and are left for the adapter.
const SLACK_LINK = /<((?:https?:\/\/|mailto:)[^\s<>|]*)(?:\|([^<>]*))?>/gi;

// Botkube maps all four typographic quotes to `"`, the single ones too, so
// `‘a b’` groups words as `"a b"` does. chatkube does the same, so that a
// command behaves as it does under Botkube.
const TYPOGRAPHIC_QUOTES = /[“”‘’]/g;

const LINE_END = /\r\n?/g;

// Every control character (Unicode category Cc: C0, DEL, C1) except tab and
// newline, which are whitespace between words. NUL and friends cannot travel
// in a process argument, and an escape sequence has no business in an audit
// log. Format characters (category Cf: zero-width joiner, direction marks)
// are kept: emoji and right-to-left text need them.
const CONTROL = /[^\P{Cc}\t\n]/gu;

/**
 * Cleans a chat message's text into a command: Slack links become their
 * label (`<url|label>`) or URL (`<url>`), typographic quotes `“ ” ‘ ’`
 * become `"` (as in Botkube), line ends become `\n`, other control
 * characters than tab and newline are removed, and surrounding whitespace is
 * trimmed. Nothing else changes: inner whitespace is kept as typed.
 *
 * @throws CommandTooLongError when `text` is longer than the limit, measured
 *   before anything is removed.
 */
export function sanitizeCommand(text: string, options: SanitizeOptions = {}): string {
  const limit = options.maxLength ?? MAX_COMMAND_LENGTH;
  // A UTF-16 unit takes at most 3 UTF-8 bytes, so short texts need no count.
  if (text.length > limit / 3) {
    const length = Buffer.byteLength(text, 'utf8');
    if (length > limit) throw new CommandTooLongError(length, limit);
  }
  return text
    .replace(LINE_END, '\n')
    .replace(CONTROL, '')
    .replace(SLACK_LINK, (_link, url: string, label: string | undefined) => (label ? label : url))
    .replace(TYPOGRAPHIC_QUOTES, '"')
    .trim();
}
