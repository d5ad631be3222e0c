/**
 * Splits a command typed in chat into argv words, for plugins that run
 * programs. It reads quotes and backslashes as the agent's own command
 * parser does (Botkube's go-shellwords rules), and nothing else: `;`, `|`, `&&`, `>`, `$(…)`, backticks, `*` and `~` are
 * plain characters inside words, because the words go to a program's argv
 * and never to a shell.
 */
import { CommandWordsError } from './errors.js';

const isSeparator = (ch: string): boolean => ch === ' ' || ch === '\t';

/** Where `offset` is, for an error message: "column 7". */
const column = (text: string, offset: number): string => `column ${Array.from(text.slice(0, offset)).length + 1}`;

/**
 * The words of `text`: spaces and tabs separate words; `'…'` keeps
 * everything literally; `"…"` keeps everything but lets `\` escape the next
 * character; `\` outside quotes makes the next character literal; `''` or
 * `""` is an empty word.
 *
 * @example
 * splitCommandWords(`helm status 'my app' ; rm -rf /`)
 * // ['helm', 'status', 'my app', ';', 'rm', '-rf', '/']
 * @throws CommandWordsError for a newline, carriage return or NUL anywhere
 *   (one command is one line), an unclosed quote, or a backslash that ends
 *   the text; the message names the column.
 */
export function splitCommandWords(text: string): string[] {
  const control = /[\n\r\0]/.exec(text);
  if (control) {
    const name = control[0] === '\0' ? 'a NUL character' : 'a line break';
    throw new CommandWordsError(`the command holds ${name} at ${column(text, control.index)}: send one command on one line`);
  }
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  let quoteAt = 0;
  let escapeAt = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (escapeAt >= 0) {
      word += ch;
      escapeAt = -1;
    } else if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (ch === '\\') {
      inWord = true;
      escapeAt = i;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else word += ch;
    } else if (isSeparator(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (ch === '"' || ch === "'") {
        quote = ch;
        quoteAt = i;
      } else {
        word += ch;
      }
    }
  }
  if (escapeAt >= 0) {
    throw new CommandWordsError(
      `the backslash at ${column(text, escapeAt)} ends the command and escapes nothing: remove it, or write \\\\ for a backslash`,
    );
  }
  if (quote) {
    throw new CommandWordsError(`the ${quote} at ${column(text, quoteAt)} is never closed: close it, or escape it as \\${quote}`);
  }
  if (inWord) words.push(word);
  return words;
}
