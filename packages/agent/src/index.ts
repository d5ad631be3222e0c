/**
 * chatkube: the agent, its plugin host and the `chatkube` CLI.
 *
 * @packageDocumentation
 */

export { Agent, type AgentOptions } from './agent/agent.js';
export { type BenchResult, benchExecute } from './cli/bench.js';
export * from './config/index.js';
export * from './errors.js';
export { createLogger, formatLogLine, type Logger } from './logging.js';
export { GO_ARCH_NAME, GO_OS, pluginExecutableName } from './plugins/executable-name.js';
export * from './plugins/host/index.js';
export * from './plugins/repository/index.js';
export { type PluginInstance, type PluginLocation, startProcessPlugin } from './plugins/runtime.js';
export { type PluginStatus, PluginSupervisor } from './plugins/supervisor.js';
export * from './templates/index.js';
export { VERSION } from './version.js';
