/** The whole parse of one chat command: sanitize → bot mention → aliases → reserved flags → words. */
import { type Aliases, expandAliases } from './aliases.js';
import { parseReservedFlags, type ReservedFlags } from './flags.js';
import { stripBotName } from './interactions.js';
import { sanitizeCommand } from './sanitize.js';
import { tokenize } from './tokenize.js';

export interface ParseCommandOptions {
  /** The aliases in force for this channel. */
  aliases: Aliases;
  /** The bot's mention as the platform writes it (`<@U0123>`, `@chatkube`); `{{BotName}}` is always stripped. */
  botName?: string;
  /** Longest command accepted, in UTF-8 bytes; `MAX_COMMAND_LENGTH` unless given. */
  maxLength?: number;
}

/** A parsed command. Empty `args` means an empty command (Botkube answers with help). */
export interface ParsedCommand {
  /** The text as it arrived. */
  raw: string;
  /** Sanitized, without the bot mention, aliases expanded; flags still in (Botkube's `ExpandedRawCmd`, for the header). */
  expanded: string;
  /** `expanded` without the reserved flags: what a plugin receives (Botkube's `CleanCmd`). */
  clean: string;
  /** The words of `clean`: `args[0]` routes the command. */
  args: string[];
  flags: ReservedFlags;
  /** The alias that was expanded. */
  alias?: string;
}

/**
 * Parses a chat command as Botkube's pipeline does before routing it.
 *
 * @throws CommandTooLongError, CommandFlagError or CommandSyntaxError; each
 *   message says what is wrong and where.
 */
export function parseCommand(raw: string, options: ParseCommandOptions): ParsedCommand {
  const sanitized = sanitizeCommand(raw, options.maxLength === undefined ? {} : { maxLength: options.maxLength });
  const expansion = expandAliases(stripBotName(sanitized, options.botName), options.aliases);
  const { command: clean, ...flags } = parseReservedFlags(expansion.command);
  const parsed: ParsedCommand = { raw, expanded: expansion.command, clean, args: tokenize(clean), flags };
  if (expansion.alias !== undefined) parsed.alias = expansion.alias;
  return parsed;
}
