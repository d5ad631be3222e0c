/**
 * `@chatkube/plugin`: write a chatkube (and Botkube) plugin in TypeScript.
 *
 * `serveExecutor` and `serveSource` turn a plugin object into a process that
 * speaks go-plugin's gRPC protocol; `runCommand` runs the programs a plugin
 * wraps.
 *
 * @packageDocumentation
 */
export {
  CommandNotFoundError,
  CommandTimeoutError,
  CommandWordsError,
  ConfigYamlError,
  NotStartedByHostError,
} from './errors.js';
export { executorServices, serveExecutor, toExecuteInput, toExecuteResponse, updatesOf } from './executor.js';
export {
  type BidiStreamHandler,
  type CallContext,
  defineService,
  type HandlerOf,
  type HandlersOf,
  type MethodDefinition,
  type PluginService,
  type ServerStreamHandler,
  type ServiceDefinition,
  type StreamContext,
  type UnaryHandler,
} from './grpc-service.js';
export {
  APP_PROTOCOL_VERSION,
  CORE_PROTOCOL_VERSION,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
} from './handshake.js';
export { ensurePrivateFolder } from './private-folder.js';
export { type CommandResult, lookupBinary, type RunCommandOptions, runCommand } from './run-command.js';
export { servePlugin } from './server.js';
export { serveSource, sourceServices } from './source.js';
export { splitCommandWords } from './split-command-words.js';
export {
  type TempKubeconfig,
  type TempKubeconfigOptions,
  withTempKubeconfig,
  writeTempKubeconfig,
} from './temp-kubeconfig.js';
