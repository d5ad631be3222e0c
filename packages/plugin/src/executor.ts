/**
 * Serves an {@link ExecutorPlugin} as Botkube's `executor.Executor` service,
 * plus chatkube's `ExecutorStream` for streamed output.
 */
import {
  type ExecuteInput,
  type ExecuteOutput,
  type ExecuteResult,
  type ExecutorPlugin,
  encodeMessage,
  plaintext,
} from '@chatkube/api';
import type { Empty, executor } from '@chatkube/proto';
import { executor as executorWire, stream as streamWire } from '@chatkube/proto';
import type { ServerUnaryCall, ServerWritableStream, sendUnaryData } from '@grpc/grpc-js';
import { writeWithBackpressure } from './backpressure.js';
import { parseConfigs } from './configs.js';
import { toServiceError } from './grpc-errors.js';
import { executorMetadata } from './metadata.js';
import { type PluginService, servePlugin } from './server.js';

const encode = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The plugin's view of a wire request. */
export function toExecuteInput(request: executor.ExecuteRequest): ExecuteInput {
  const context = request.context;
  const message = context?.message;
  return {
    command: request.command,
    configs: parseConfigs(request.configs),
    context: {
      isInteractivitySupported: context?.isInteractivitySupported ?? false,
      ...(context?.slackState.length ? { slackState: JSON.parse(Buffer.from(context.slackState).toString('utf8')) } : {}),
      ...(context?.kubeConfig.length ? { kubeConfig: context.kubeConfig } : {}),
      ...(message
        ? {
            message: {
              text: message.text,
              url: message.url,
              parentActivityId: message.parentActivityId,
              user: { mention: message.user?.mention ?? '', displayName: message.user?.displayName ?? '' },
            },
          }
        : {}),
      incomingWebhook: { baseSourceURL: context?.incomingWebhook?.baseSourceURL ?? '' },
    },
  };
}

/** The wire form of one answer. */
export function toExecuteResponse(output: ExecuteOutput): executor.ExecuteResponse {
  return {
    message: encode(encodeMessage(output.message)),
    messages: (output.messages ?? []).map((m) => encode(encodeMessage(m))),
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecuteOutput> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Every update of a result: one for a plain answer, each yielded one for a stream. */
export async function* updatesOf(result: ExecuteResult): AsyncIterable<ExecuteOutput> {
  if (isAsyncIterable(result)) yield* result;
  else yield await result;
}

/** Aborts when the call is cancelled or the plugin is stopping. */
function callSignal(call: { on(event: 'cancelled', listener: () => void): unknown }, stopping: AbortSignal): AbortSignal {
  const cancelled = new AbortController();
  call.on('cancelled', () => cancelled.abort(new Error('the host cancelled the call')));
  return AbortSignal.any([cancelled.signal, stopping]);
}

/** The services that expose `plugin`. */
export function executorServices(plugin: ExecutorPlugin, stopping: AbortSignal): PluginService[] {
  const run = (request: executor.ExecuteRequest, signal: AbortSignal): AsyncIterable<ExecuteOutput> =>
    updatesOf(plugin.execute(toExecuteInput(request), signal));

  const executorImpl: executor.ExecutorServer = {
    async execute(call, done) {
      try {
        let last: ExecuteOutput = { message: {} };
        for await (const update of run(call.request, callSignal(call, stopping))) last = update;
        done(null, toExecuteResponse(last));
      } catch (error) {
        done(toServiceError(error));
      }
    },
    metadata(_call: ServerUnaryCall<Empty, executor.MetadataResponse>, done: sendUnaryData<executor.MetadataResponse>) {
      done(null, executorMetadata(plugin.metadata));
    },
    async help(_call, done) {
      try {
        const help = plugin.help ? await plugin.help() : plaintext(plugin.metadata.description);
        done(null, { help: encode(encodeMessage(help)) });
      } catch (error) {
        done(toServiceError(error));
      }
    },
  };
  const streamImpl = {
    async executeStream(call: ServerWritableStream<executor.ExecuteRequest, executor.ExecuteResponse>) {
      const signal = callSignal(call, stopping);
      try {
        for await (const update of run(call.request, signal)) {
          if (signal.aborted) return;
          await writeWithBackpressure(call, toExecuteResponse(update), signal);
        }
        call.end();
      } catch (error) {
        // grpc-js sends a streaming call's error status when the error is emitted.
        call.emit('error', toServiceError(error));
      }
    },
  };
  return [
    { definition: executorWire.ExecutorService, implementation: executorImpl },
    { definition: streamWire.ExecutorStreamService, implementation: streamImpl },
  ];
}

/**
 * Runs `plugin` as an executor plugin process that any go-plugin host can
 * start: Botkube's agent or chatkube's.
 *
 * @example
 * await serveExecutor({ metadata, execute: ({ command }) => ({ message: codeBlock(command) }) });
 */
export function serveExecutor(plugin: ExecutorPlugin): Promise<void> {
  return servePlugin((stopping) => executorServices(plugin, stopping));
}
