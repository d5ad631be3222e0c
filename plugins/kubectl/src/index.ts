export { CommandWordsError, splitCommandWords } from '@chatkube/plugin';
export { type BuilderState, builderMessage, parseBuilder } from './builder.js';
export { FORBIDDEN_VERBS, type KubectlCommand, readCommand } from './command.js';
export { BUILDER_RESOURCES, BUILDER_VERBS, CONFIG_SCHEMA, DEFAULT_CONFIG, type KubectlConfig, loadConfig } from './config.js';
export { KubectlConfigError, KubectlMissingError, KubectlRefusedError } from './errors.js';
export { kubectl, version } from './plugin.js';
export { REDACTED, redactStructured } from './secrets.js';
