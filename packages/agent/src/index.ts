/**
 * chatkube: the agent, its plugin host and the `chatkube` CLI.
 *
 * @packageDocumentation
 */

export * from '@chatkube/gotemplate';
export { Agent, type AgentOptions } from './agent/agent.js';
export { type BenchResult, benchExecute } from './cli/bench.js';
export * from './config/index.js';
export * from './errors.js';
export { createLogger, formatLogLine, type Logger } from './logging.js';
export { GO_ARCH_NAME, GO_OS, pluginExecutableName, pluginWorkerModuleName } from './plugins/executable-name.js';
export * from './plugins/host/index.js';
export * from './plugins/repository/index.js';
export {
  type LocatedPlugin,
  type PluginInstance,
  type PluginLocation,
  type PluginRuntime,
  startProcessPlugin,
} from './plugins/runtime.js';
export { chooseRuntime, startPlugin } from './plugins/start-plugin.js';
export { type PluginStatus, PluginSupervisor } from './plugins/supervisor.js';
export { STREAM_WINDOW } from './plugins/worker/port-calls.js';
export { startWorkerPlugin } from './plugins/worker/start.js';
export { VERSION } from './version.js';
