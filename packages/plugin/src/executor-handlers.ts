/**
 * What an {@link ExecutorPlugin} answers to each call of Botkube's
 * `executor.Executor` service and chatkube's `ExecutorStream`, in the
 * contract's message shapes: one set of handlers, whatever carries the
 * calls (gRPC for a process, a MessagePort for a worker thread).
 */
import {
  type ExecuteInput,
  type ExecuteOutput,
  type ExecuteResult,
  type ExecutorPlugin,
  encodeMessage,
  plaintext,
} from '@chatkube/api';
import type * as executor from '@chatkube/proto/executor';
import * as h2 from '@chatkube/proto/h2';
import type * as stream from '@chatkube/proto/stream';
import { parseConfigs } from './configs.js';
import type { HandlersOf } from './grpc-service.js';
import { executorMetadata } from './metadata.js';

const encode = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The host's Slack block state; a host that sends something else made a bad request. */
function parseSlackState(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new h2.GrpcStatusError(h2.Status.INVALID_ARGUMENT, `context.slackState is not JSON: ${(error as Error).message}`);
  }
}

/** The plugin's view of a wire request. */
export function toExecuteInput(request: executor.ExecuteRequest): ExecuteInput {
  const context = request.context;
  const message = context?.message;
  return {
    command: request.command,
    configs: parseConfigs(request.configs),
    context: {
      isInteractivitySupported: context?.isInteractivitySupported ?? false,
      ...(context?.slackState.length ? { slackState: parseSlackState(context.slackState) } : {}),
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

/** The handlers of both executor services. */
export type ExecutorHandlers = HandlersOf<typeof executor.ExecutorService> & HandlersOf<typeof stream.ExecutorStreamService>;

/** The handlers that answer for `plugin`. A handler's error is the call's error (see grpc-errors.ts). */
export function executorHandlers(plugin: ExecutorPlugin): ExecutorHandlers {
  const run = (request: executor.ExecuteRequest, signal: AbortSignal): AsyncIterable<ExecuteOutput> =>
    updatesOf(plugin.execute(toExecuteInput(request), signal));
  return {
    // Botkube's host knows only Execute: it gets the final update of a streamed result.
    async execute(request, { signal }) {
      let last: ExecuteOutput = { message: {} };
      for await (const update of run(request, signal)) last = update;
      return toExecuteResponse(last);
    },
    metadata: () => executorMetadata(plugin.metadata),
    async help() {
      const help = plugin.help ? await plugin.help() : plaintext(plugin.metadata.description);
      return { help: encode(encodeMessage(help)) };
    },
    async executeStream(request, call) {
      for await (const update of run(request, call.signal)) {
        if (call.signal.aborted) return;
        await call.send(toExecuteResponse(update));
      }
    },
  };
}
