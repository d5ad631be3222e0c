/**
 * `@chatkube/plugin/worker`: serves a plugin object inside a worker thread
 * of the agent (the `worker` runtime) over the worker's MessagePort, with
 * the same handlers as the gRPC server of a plugin process: the same
 * config parsing, the same errors, the same JSON.
 *
 * A worker module imports its plugin and calls {@link serveWorker}:
 *
 * @example
 * import { serveWorker } from '@chatkube/plugin/worker';
 * import { echo } from './plugin.js';
 * serveWorker(echo);
 * export default echo;
 *
 * @packageDocumentation
 */
import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { ExecutorPlugin, SourcePlugin } from '@chatkube/api';
import {
  type HostMessage,
  type PluginMessage,
  WORKER_PROTOCOL_VERSION,
  type WorkerData,
  type WorkerMethod,
} from '@chatkube/proto/worker';
import { PluginObjectError } from './errors.js';
import { executorHandlers } from './executor-handlers.js';
import { sourceHandlers } from './source-handlers.js';
import { WorkerCalls, type WorkerRoute } from './worker-calls.js';

/** How long a stopping worker lets its last messages go before it ends. */
const STOP_GRACE_MS = 100;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** True in a worker the agent started for a plugin. */
function startedByAgent(data: unknown): data is WorkerData {
  return isObject(data) && isObject(data.chatkubeWorker) && typeof data.chatkubeWorker.protocol === 'number';
}

function routesOf(plugin: ExecutorPlugin | SourcePlugin): {
  kind: 'executor' | 'source';
  routes: Map<WorkerMethod, WorkerRoute>;
} {
  if (!isObject(plugin) || !isObject(plugin.metadata))
    throw new PluginObjectError(
      'the worker module gave serveWorker something that is not a plugin object: expected an ExecutorPlugin or a SourcePlugin of @chatkube/api, with its metadata',
    );
  // Each route gets only its own method's messages: erasing the handlers' types is safe.
  const route = (handler: (request: never, call: never) => unknown): WorkerRoute => handler as WorkerRoute;
  if (typeof (plugin as Partial<ExecutorPlugin>).execute === 'function') {
    const handlers = executorHandlers(plugin as ExecutorPlugin);
    return {
      kind: 'executor',
      routes: new Map<WorkerMethod, WorkerRoute>([
        ['executor.executeStream', route(handlers.executeStream)],
        ['executor.help', route(handlers.help)],
        ['executor.metadata', route(handlers.metadata)],
      ]),
    };
  }
  const handlers = sourceHandlers(plugin as SourcePlugin);
  return {
    kind: 'source',
    routes: new Map<WorkerMethod, WorkerRoute>([
      ['source.stream', route(handlers.stream)],
      ['source.handleExternalRequest', route(handlers.handleExternalRequest)],
      ['source.metadata', route(handlers.metadata)],
    ]),
  };
}

/**
 * Serves `plugin` (an `ExecutorPlugin` or a `SourcePlugin`, told apart by
 * `execute`) to the agent that started this worker. Returns false and does
 * nothing anywhere else (the main thread, a worker of someone else), so a
 * worker module can also be imported for its plugin object. Throws
 * {@link PluginObjectError} when `plugin` is not a plugin object: the agent
 * reports the worker's error as the reason it could not start.
 */
export function serveWorker(plugin: ExecutorPlugin | SourcePlugin): boolean {
  const port: MessagePort | null = parentPort;
  if (isMainThread || !port || !startedByAgent(workerData)) return false;
  const { kind, routes } = routesOf(plugin);
  const post = (message: PluginMessage): void => port.postMessage(message);
  const calls = new WorkerCalls(post);
  const ping: WorkerRoute = () => ({});
  port.on('message', (message: HostMessage) => {
    switch (message.type) {
      case 'call':
        void calls.run(
          message.id,
          message.method === 'ping' ? ping : routes.get(message.method),
          message.request,
          message.credit ?? 0,
        );
        return;
      case 'cancel':
        return calls.cancel(message.id);
      case 'credit':
        return calls.grant(message.id, message.credit);
      case 'shutdown':
        // As a plugin process does on Shutdown: every call's signal aborts, then it ends, whatever timers the plugin left.
        calls.cancelAll();
        setTimeout(() => process.exit(0), STOP_GRACE_MS);
        return;
    }
  });
  post({ type: 'ready', protocol: WORKER_PROTOCOL_VERSION, kind });
  return true;
}
