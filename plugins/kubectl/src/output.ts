/** What kubectl printed, made fit for a chat message. */

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links).
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what it removes.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** `text` without ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Most lines a streamed answer keeps. */
export const TAIL_LINES = 200;
/** Most characters a streamed answer keeps. */
export const TAIL_CHARS = 30_000;

/** The end of `text`: at most `lines` lines and `chars` characters, with a note when something was cut. */
export function tail(text: string, lines = TAIL_LINES, chars = TAIL_CHARS): string {
  let kept = text;
  const all = kept.split('\n');
  if (all.length > lines) kept = all.slice(-lines).join('\n');
  if (kept.length > chars) kept = kept.slice(kept.length - chars).replace(/^[^\n]*\n/, '');
  return kept === text ? text : `… (earlier output trimmed)\n${kept}`;
}
