/**
 * chatkube: the agent. For now, its configuration, the plugin host and the `chatkube` CLI.
 *
 * @packageDocumentation
 */

export { type BenchResult, benchExecute } from './cli/bench.js';
export * from './config/index.js';
export * from './errors.js';
export { createLogger, type Logger } from './logging.js';
export { GO_ARCH_NAME, GO_OS, pluginExecutableName } from './plugins/executable-name.js';
export * from './plugins/host/index.js';
