/** The plugin host: start go-plugin plugins and call them. */
export { type ConnectOptions, DEFAULT_CALL_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, PluginConnection } from './connection.js';
export {
  type ExecuteRequest,
  type ExecutorClient,
  GrpcExecutorClient,
  MAX_EXTRA_MESSAGES,
  toWireRequest,
} from './executor-client.js';
export { APP_PROTOCOL_VERSION, type Handshake, parseHandshake } from './handshake.js';
export { type ExitInfo, PluginProcess, pluginEnvironment, type StartOptions } from './process.js';
export { type ExternalRequest, GrpcSourceClient, type SourceClient, type StreamRequest } from './source-client.js';
