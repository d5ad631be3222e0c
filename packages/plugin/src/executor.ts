/**
 * Serves an {@link ExecutorPlugin} as Botkube's `executor.Executor` service,
 * plus chatkube's `ExecutorStream` for streamed output.
 */
import type { ExecutorPlugin } from '@chatkube/api';
// Each wire module by its own path: a bundled plugin then keeps only what it uses.
import * as executorWire from '@chatkube/proto/executor';
import * as streamWire from '@chatkube/proto/stream';
import { executorHandlers } from './executor-handlers.js';
import { defineService, type PluginService } from './grpc-service.js';
import { servePlugin } from './server.js';

export { toExecuteInput, toExecuteResponse, updatesOf } from './executor-handlers.js';

/** The services that expose `plugin`. A handler's error ends its call with UNKNOWN and the error's text (see grpc-errors.ts). */
export function executorServices(plugin: ExecutorPlugin): PluginService[] {
  const { execute, metadata, help, executeStream } = executorHandlers(plugin);
  return [
    defineService(executorWire.ExecutorService, { execute, metadata, help }),
    defineService(streamWire.ExecutorStreamService, { executeStream }),
  ];
}

/**
 * Runs `plugin` as an executor plugin process that any go-plugin host can
 * start: Botkube's agent or chatkube's.
 *
 * @example
 * serveExecutor({ metadata, execute: ({ command }) => ({ message: codeBlock(command) }) });
 */
export function serveExecutor(plugin: ExecutorPlugin): Promise<void> {
  return servePlugin(() => executorServices(plugin));
}
