/**
 * The commands that interactive elements send. Botkube's builders prefix them
 * with `{{BotName}} `, which other platforms replace with the bot's mention;
 * the web chat has no mention, so the placeholder is removed.
 */
import { goQuote } from '@chatkube/api';

/** Botkube's placeholder for the bot's mention. */
export const BOT_NAME_PLACEHOLDER = '{{BotName}}';

const PLACEHOLDER_AND_SPACE = /\{\{BotName\}\}[ \t]*/g;

/** The text without any `{{BotName}}` placeholder (and the blanks after it). */
export function stripBotName(text: string): string {
  return text.replace(PLACEHOLDER_AND_SPACE, '');
}

/** The command a button runs, or `undefined` when it has none (a URL button). */
export function buttonCommand(command: string | undefined): string | undefined {
  const text = stripBotName(command ?? '').trim();
  return text === '' ? undefined : text;
}

/** A static select's choice: `command value`. */
export function selectCommand(command: string | undefined, value: string): string {
  return `${stripBotName(command ?? '').trimStart()} ${value}`;
}

/** A multi-select's choice: `command v1,v2`. */
export function multiSelectCommand(command: string | undefined, values: readonly string[]): string {
  return `${stripBotName(command ?? '').trimStart()} ${values.join(',')}`;
}

/** A text input's value appended Go-quoted: `command"value"`. */
export function inputCommand(command: string | undefined, value: string): string {
  return `${stripBotName(command ?? '').trimStart()}${goQuote(value)}`;
}
