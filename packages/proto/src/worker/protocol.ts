/**
 * chatkube's worker protocol: how the agent talks to a TypeScript plugin
 * that runs in one of its worker threads, over the worker's MessagePort
 * instead of gRPC. Requests and responses are the gRPC contract's own
 * message shapes (executor.proto, source.proto), structured-cloned: the
 * message and event JSON travels in the same bytes fields, so both sides
 * reuse the encoding, parsing and checks of the gRPC runtime. A stream is
 * paced by credit: the worker sends at most as many responses as the agent
 * granted, so a source that never stops cannot flood the port.
 */
import type * as executor from '../gen/executor.js';
import type { Empty } from '../gen/google/protobuf/empty.js';
import type * as source from '../gen/source.js';

/** Both sides say which version they speak; a worker of another version is refused at start. */
export const WORKER_PROTOCOL_VERSION = 1;

/** What the agent passes as the worker's `workerData`: a worker module serves only under this. */
export interface WorkerData {
  chatkubeWorker: {
    protocol: number;
    /** The plugin key, for the worker's own messages. */
    name: string;
  };
}

/** The calls a worker plugin answers: `{service}.{method}` of the gRPC contract, and `ping`. */
export interface WorkerMethods {
  'executor.executeStream': { request: executor.ExecuteRequest; response: executor.ExecuteResponse; stream: true };
  'executor.help': { request: Empty; response: executor.HelpResponse; stream: false };
  'executor.metadata': { request: Empty; response: executor.MetadataResponse; stream: false };
  'source.stream': { request: source.StreamRequest; response: source.StreamResponse; stream: true };
  'source.handleExternalRequest': {
    request: source.ExternalRequest;
    response: source.ExternalRequestResponse;
    stream: false;
  };
  'source.metadata': { request: Empty; response: source.MetadataResponse; stream: false };
  /** The health check: answered at once, unless the worker's event loop is stuck. */
  ping: { request: Empty; response: Empty; stream: false };
}

export type WorkerMethod = keyof WorkerMethods;
export type UnaryWorkerMethod = { [M in WorkerMethod]: WorkerMethods[M]['stream'] extends false ? M : never }[WorkerMethod];
export type StreamWorkerMethod = { [M in WorkerMethod]: WorkerMethods[M]['stream'] extends true ? M : never }[WorkerMethod];

/** Agent → worker. */
export type HostMessage =
  | {
      type: 'call';
      id: number;
      method: WorkerMethod;
      request: unknown;
      /** A stream's first credit: how many responses the worker may send before it waits for more. */
      credit?: number;
    }
  /** The agent gave up on a call: its handler's signal aborts. */
  | { type: 'cancel'; id: number }
  /** More responses a stream may send. */
  | { type: 'credit'; id: number; credit: number }
  /** Stop: every call's signal aborts and the worker ends. */
  | { type: 'shutdown' };

/** Worker → agent. */
export type PluginMessage =
  /** The plugin module loaded and is served; `kind` is what its plugin object is. */
  | { type: 'ready'; protocol: number; kind: 'executor' | 'source' }
  /** One response of a stream. */
  | { type: 'data'; id: number; response: unknown }
  /** A call's end: a unary call's response, or a stream's end. */
  | { type: 'end'; id: number; response?: unknown }
  /** A call failed with this gRPC status code and text, as the gRPC runtime would report it. */
  | { type: 'error'; id: number; code: number; message: string };
