/** `--filter`: keep the lines of an answer that contain a text, as Botkube does. */
import type { Message } from '@chatkube/api';

/** From this many lines on, Botkube offers a "Filter output" input under an answer. */
export const FILTER_INPUT_MIN_LINES = 16;

/**
 * The lines of `text` that contain `filter` (case-sensitive, no patterns),
 * joined by `\n`. A `\r` ending a line is dropped, as Go's line scanner
 * does. An empty filter keeps `text` as it is.
 */
export function applyFilter(text: string, filter: string): string {
  if (filter === '') return text;
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    const bare = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (bare.includes(filter)) kept.push(bare);
  }
  return kept.join('\n');
}

/**
 * A `baseBodyWithFilter` answer after `--filter`: its code block and plain
 * text filtered, everything else (sections, inputs, type, …) dropped, as
 * Botkube does. An empty body is left empty: the caller shows its "empty
 * answer" text for it as for any empty answer.
 */
export function filterMessage(message: Message, filter: string): Message {
  const codeBlock = applyFilter(message.baseBody?.codeBlock ?? '', filter);
  const plaintext = applyFilter(message.baseBody?.plaintext ?? '', filter);
  return {
    baseBody: {
      ...(codeBlock === '' ? {} : { codeBlock }),
      ...(plaintext === '' ? {} : { plaintext }),
    },
  };
}

/**
 * A message with `--filter` applied to its body and the rest kept: what the
 * agent answers itself (a table, `show config`), as Botkube filters it.
 */
export function filterBody(message: Message, filter: string): Message {
  const { codeBlock, plaintext } = message.baseBody ?? {};
  if (codeBlock === undefined && plaintext === undefined) return message;
  return {
    ...message,
    baseBody: {
      ...(codeBlock !== undefined ? { codeBlock: applyFilter(codeBlock, filter) } : {}),
      ...(plaintext !== undefined ? { plaintext: applyFilter(plaintext, filter) } : {}),
    },
  };
}

/** Whether an answer is long enough for Botkube's "Filter output" input (16 lines or more). */
export function offersFilterInput(text: string): boolean {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0 && lines < FILTER_INPUT_MIN_LINES; at = text.indexOf('\n', at + 1)) lines++;
  return lines >= FILTER_INPUT_MIN_LINES;
}
