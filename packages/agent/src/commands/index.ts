/** Parsing chat commands: pure functions, no I/O. */

export { goQuote, goTrimSpace } from '@chatkube/api';
export { type AliasDefinition, type AliasExpansion, type Aliases, expandAliases } from './aliases.js';
export { applyFilter, FILTER_INPUT_MIN_LINES, filterBody, filterMessage, offersFilterInput } from './filter.js';
export { type FlagExtraction, parseReservedFlags, type ReservedFlags } from './flags.js';
export {
  COMMAND_ORIGINS,
  type CommandOrigin,
  type Interaction,
  type InteractionCommand,
  interactionCommand,
  isCommandOrigin,
  multiSelectCommand,
  selectCommand,
  startsWithBotName,
  stripBotName,
  textInputCommand,
} from './interactions.js';
export { type ParseCommandOptions, type ParsedCommand, parseCommand } from './parse-command.js';
export { MAX_COMMAND_LENGTH, type SanitizeOptions, sanitizeCommand } from './sanitize.js';
export { splitWords, tokenize, type Word } from './tokenize.js';
