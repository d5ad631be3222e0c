/** chatkube's worker protocol: the agent and a plugin in a worker thread, over a MessagePort. */
export { toPostable, withBuffers } from './bytes.js';
export {
  type HostMessage,
  type PluginMessage,
  type StreamWorkerMethod,
  type UnaryWorkerMethod,
  WORKER_PROTOCOL_VERSION,
  type WorkerData,
  type WorkerMethod,
  type WorkerMethods,
} from './protocol.js';
