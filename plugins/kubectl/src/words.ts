/**
 * Splits a chat command into kubectl's arguments as a shell splits words,
 * and does nothing else a shell does: `'…'` keeps everything literally,
 * `"…"` lets `\` escape a character, `\` outside quotes makes the next
 * character literal. `;`, `|`, `&&`, `$(…)`, backticks, `*`, `~` and `$VAR`
 * are plain characters inside words; the words become a process's argv,
 * never a shell's input.
 */
import { CommandWordsError } from './errors.js';

const isSeparator = (ch: string): boolean => ch === ' ' || ch === '\t';

/**
 * The words of `command`.
 *
 * @throws CommandWordsError for a line break or NUL (a kubectl command is
 *   one line), a quote never closed, or a backslash that ends the command.
 */
export function splitWords(command: string): string[] {
  if (/[\n\r]/.test(command)) {
    throw new CommandWordsError('A kubectl command is one line: remove the line breaks and send it again.');
  }
  if (command.includes('\0')) throw new CommandWordsError('The command holds a NUL character, which no argument can hold.');
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  let quoteAt = 0;
  let escaped = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command.charAt(i);
    if (escaped) {
      word = (word ?? '') + ch;
      escaped = false;
    } else if (ch === '\\' && quote !== "'") {
      word ??= '';
      escaped = true;
    } else if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else word = (word ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      quoteAt = i;
      word ??= '';
    } else if (isSeparator(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote !== undefined) {
    throw new CommandWordsError(`The ${quote} quote at column ${quoteAt + 1} is never closed.`);
  }
  if (escaped) throw new CommandWordsError('The command ends with a backslash, which escapes nothing.');
  if (word !== undefined) words.push(word);
  return words;
}
