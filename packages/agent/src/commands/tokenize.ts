/**
 * Splits a command into words the way Botkube does with Go's
 * `mattn/go-shellwords` (v1.0.12, without its environment and backtick
 * options): whitespace separates words, `'…'` keeps everything literally,
 * `"…"` keeps everything but lets `\` escape any character, and `\` outside
 * single quotes makes the next character literal. `""` is an empty word.
 * Only space, tab, CR and LF separate words.
 *
 * Nothing is ever expanded and nothing runs in a shell: `$HOME`, `*`, `~`
 * stay as typed. Where go-shellwords acts as a shell, chatkube does not:
 * `|`, `;`, `&`, `<`, `>` are plain characters inside words (go-shellwords
 * stops reading the line at the first one, so Botkube drops the rest of the
 * command), and backticks, `(` and `)` are plain characters too
 * (go-shellwords groups `` `a b` `` and `$(a b)` into one word and refuses a
 * bare `(`).
 */
import { CommandSyntaxError } from '../errors.js';

/** One word of a command, and where it is in the command's text. */
export interface Word {
  /** The word with its quotes and escapes resolved. */
  value: string;
  /** Offset of its first character (a quote or backslash included), for `slice`. */
  start: number;
  /** Offset just past its last character. */
  end: number;
}

const isSeparator = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

/**
 * Splits `command` into words, with their places in it.
 *
 * @throws CommandSyntaxError for a quote that is never closed or a backslash
 *   that ends the command, naming its line and column.
 */
export function splitWords(command: string): Word[] {
  const words: Word[] = [];
  let value = '';
  let start = -1;
  let quote: '"' | "'" | undefined;
  let quoteAt = 0;
  let escapeAt = -1;
  let offset = 0;
  for (const ch of command) {
    const at = offset;
    offset += ch.length;
    if (escapeAt >= 0) {
      value += ch;
      escapeAt = -1;
    } else if (ch === '\\' && quote !== "'") {
      if (start < 0) start = at;
      escapeAt = at;
    } else if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else value += ch;
    } else if (isSeparator(ch)) {
      if (start >= 0) words.push({ value, start, end: at });
      value = '';
      start = -1;
    } else {
      if (start < 0) start = at;
      if (ch === '"' || ch === "'") {
        quote = ch;
        quoteAt = at;
      } else {
        value += ch;
      }
    }
  }
  if (escapeAt >= 0) {
    throw syntaxError(command, escapeAt, 'ends the command and escapes nothing: remove it, or write \\\\ for a backslash');
  }
  if (quote === '"') {
    throw syntaxError(
      command,
      quoteAt,
      'is never closed: close it, or write \\" for a literal " (typographic quotes “ ” ‘ ’ count as ")',
    );
  }
  if (quote === "'") {
    throw syntaxError(command, quoteAt, "is never closed: close it, or write \\' for a literal ' (an apostrophe)");
  }
  if (start >= 0) words.push({ value, start, end: offset });
  return words;
}

/**
 * The words of `command`, as Botkube's `Args`: `kubectl get po -l 'app in (a,b)'`
 * gives `['kubectl', 'get', 'po', '-l', 'app in (a,b)']`.
 *
 * @throws CommandSyntaxError as {@link splitWords}.
 */
export function tokenize(command: string): string[] {
  return splitWords(command).map((word) => word.value);
}

const EXCERPT_LENGTH = 16;

function syntaxError(command: string, offset: number, problem: string): CommandSyntaxError {
  const before = command.slice(0, offset).split('\n');
  const line = before.length;
  const column = Array.from(before[line - 1] ?? '').length + 1;
  const where = command.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
  const after = Array.from(command.slice(offset).split('\n')[0] ?? '');
  const excerpt = after.slice(0, EXCERPT_LENGTH).join('') + (after.length > EXCERPT_LENGTH ? '…' : '');
  const char = command[offset] ?? '';
  const context = after.length > 1 ? ` (\`${excerpt}\`)` : '';
  return new CommandSyntaxError(`the ${char} at ${where}${context} ${problem}`, { line, column });
}
