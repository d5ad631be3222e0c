/** The agent's configuration: load, merge, override from the environment, validate, normalise, redact. */

export { parseGoDuration } from '@chatkube/api';
export { baseDefaults, embeddedDefaultConfig, type RawConfig } from './defaults.js';
export { envNameToKeys } from './env-overrides.js';
export { type LoadOptions, type LoadResult, loadConfig } from './load.js';
export { BUNDLED_REPOSITORY, parsePluginKey } from './plugin-key.js';
export { type ConfigPath, type ConfigProblem, formatPath, formatProblems } from './problems.js';
export { orderConfigFiles } from './read-files.js';
export { looksSecret, REDACTED, redactConfig } from './redact.js';
export { CONFIG_SCHEMA } from './schema.js';
export type * from './types.js';
export { NOT_YET_SUPPORTED } from './types.js';
export { BUILT_IN_VERBS, isLoopback } from './validate.js';
