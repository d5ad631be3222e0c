/**
 * How a click, a choice or a typed value in a message's interactive element
 * comes back as command text, as Botkube's Slack bot builds it; and the bot
 * mention a command starts with.
 */
import { BOT_NAME_PLACEHOLDER, goQuote, goTrimSpace } from '@chatkube/api';

/** Where a command came from, with Botkube's names (reported in audit and analytics). */
export type CommandOrigin =
  | 'typed'
  | 'buttonClick'
  | 'selectValueChange'
  | 'multiSelectValueChange'
  | 'plainTextInput'
  | 'automation'
  | 'unknown';

export const COMMAND_ORIGINS: readonly CommandOrigin[] = [
  'typed',
  'buttonClick',
  'selectValueChange',
  'multiSelectValueChange',
  'plainTextInput',
  'automation',
  'unknown',
];

/** Whether `value` is one of {@link COMMAND_ORIGINS}. */
export function isCommandOrigin(value: unknown): value is CommandOrigin {
  return typeof value === 'string' && (COMMAND_ORIGINS as readonly string[]).includes(value);
}

/** What the user did with an interactive element; `command` is the element's own. */
export type Interaction =
  | { kind: 'button'; command: string }
  | { kind: 'staticSelect'; command: string; value: string }
  | { kind: 'multiSelect'; command: string; values: readonly string[] }
  | { kind: 'textInput'; command: string; value: string };

/** The command an interaction runs, and its origin. */
export interface InteractionCommand {
  text: string;
  origin: CommandOrigin;
}

/** A static select's command: `command + ' ' + value`. */
export function selectCommand(command: string, value: string): string {
  return `${command} ${value}`;
}

/** A multi-select's command: `command + ' ' + values.join(',')`, a trailing space when none is chosen. */
export function multiSelectCommand(command: string, values: readonly string[]): string {
  return `${command} ${values.join(',')}`;
}

/**
 * A text input's command: `command` followed by the trimmed value quoted as
 * Go's `%q` does, with no space between: `kubectl get po --filter=` and
 * `web 1` give `kubectl get po --filter="web 1"`.
 */
export function textInputCommand(command: string, value: string): string {
  return command + goQuote(goTrimSpace(value));
}

/** The command text and origin for an interaction, as Botkube's Slack bot resolves it. */
export function interactionCommand(interaction: Interaction): InteractionCommand {
  switch (interaction.kind) {
    case 'button':
      return { text: interaction.command, origin: 'buttonClick' };
    case 'staticSelect':
      return { text: selectCommand(interaction.command, interaction.value), origin: 'selectValueChange' };
    case 'multiSelect':
      return { text: multiSelectCommand(interaction.command, interaction.values), origin: 'multiSelectValueChange' };
    case 'textInput':
      return { text: textInputCommand(interaction.command, interaction.value), origin: 'plainTextInput' };
  }
}

const ENDS_IN_NAME = /[\p{L}\p{N}_.-]$/u;

/**
 * The length of the bot mention `command` starts with, 0 for none: the
 * `{{BotName}}` placeholder, or `botName`. A `botName` written `<@ID>`
 * (Slack, Discord) also matches Discord's nickname form `<@!ID>`; one written
 * `@name`, or a bare `name`, matches `@name` in any case, as Botkube's
 * Mattermost bot does, and only as a whole word (`@botkubex` is not `@botkube`).
 */
function mentionLength(command: string, botName: string | undefined): number {
  const candidates = [BOT_NAME_PLACEHOLDER];
  if (botName !== undefined && botName !== '') {
    if (botName.startsWith('<@')) candidates.push(botName, `<@!${botName.slice(2)}`);
    else candidates.push(botName.startsWith('@') ? botName : `@${botName}`);
  }
  for (const mention of candidates) {
    const head = command.slice(0, mention.length);
    const same = mention.startsWith('@') ? head.toLowerCase() === mention.toLowerCase() : head === mention;
    if (!same) continue;
    const next = command.charAt(mention.length);
    if (ENDS_IN_NAME.test(mention) && next !== '' && !/\s/.test(next)) continue;
    return mention.length;
  }
  return 0;
}

/** Whether `command` (trimmed) starts with the bot's mention or the `{{BotName}}` placeholder. */
export function startsWithBotName(command: string, botName?: string): boolean {
  return mentionLength(command.trimStart(), botName) > 0;
}

/**
 * `command` without the bot mention it starts with (see {@link startsWithBotName})
 * and the whitespace after it; unchanged when there is none. `botName` is
 * the mention as the platform writes it (`<@U0123>`, `@chatkube`).
 */
export function stripBotName(command: string, botName?: string): string {
  const trimmed = command.trimStart();
  const length = mentionLength(trimmed, botName);
  return length === 0 ? command : trimmed.slice(length).trimStart();
}
