/**
 * The agent's executor client over a plugin connection. It always sends the
 * request context that Botkube's Go plugins dereference unchecked, streams
 * output through chatkube's `ExecutorStream` where the plugin has it, and
 * falls back to `Execute` (remembered) where it does not.
 */

import type { ExecuteOutput, Message, MessageContext, PluginMetadata } from '@chatkube/api';
import { executor, h2, stream } from '@chatkube/proto';
import type { MethodDefinition } from '@grpc/grpc-js';
import { PluginResponseError } from '../../errors.js';
import { toCallError } from './call-errors.js';
import type { PluginConnection } from './connection.js';
import { messageFrom } from './decode.js';
import { fromWireMetadata } from './metadata.js';
import { wireBytes } from './wire-bytes.js';

/** Botkube's host keeps at most this many extra messages. */
export const MAX_EXTRA_MESSAGES = 15;

export interface ExecuteRequest {
  command: string;
  /** Each bound executor group's config as one YAML document, in binding order. */
  configs?: readonly (string | Uint8Array)[];
  isInteractivitySupported?: boolean;
  slackState?: unknown;
  kubeConfig?: Uint8Array;
  message?: Partial<MessageContext>;
  /** Where the agent receives incoming webhooks. */
  baseSourceURL?: string;
}

/** What the rest of the agent needs of an executor, whatever runs it. */
export interface ExecutorClient {
  metadata(): Promise<PluginMetadata>;
  help(): Promise<Message>;
  /** The answer's updates: one for a plain answer, several for streamed output; the last is final. */
  execute(request: ExecuteRequest, signal?: AbortSignal): AsyncIterable<ExecuteOutput>;
}

/** The wire request, with every context field a Go plugin dereferences set. */
export function toWireRequest(request: ExecuteRequest): executor.ExecuteRequest {
  const message = request.message;
  return {
    command: request.command,
    configs: (request.configs ?? []).map((config) => ({ rawYAML: wireBytes(config) })),
    context: {
      isInteractivitySupported: request.isInteractivitySupported ?? false,
      slackState: request.slackState === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(request.slackState)),
      kubeConfig: wireBytes(request.kubeConfig),
      message: {
        text: message?.text ?? request.command,
        url: message?.url ?? '',
        parentActivityId: message?.parentActivityId ?? '',
        user: { mention: message?.user?.mention ?? '', displayName: message?.user?.displayName ?? '' },
      },
      incomingWebhook: { baseSourceURL: request.baseSourceURL ?? '' },
    },
  };
}

/** An answer from its wire form, at most {@link MAX_EXTRA_MESSAGES} extra messages kept; `plugin` names it in errors. */
export function toExecuteOutput(response: executor.ExecuteResponse, plugin: string): ExecuteOutput {
  const extra = response.messages.slice(0, MAX_EXTRA_MESSAGES);
  return {
    message: messageFrom(response.message, plugin, 'Execute'),
    ...(extra.length > 0 ? { messages: extra.map((m, i) => messageFrom(m, plugin, `Execute (message ${i + 2})`)) } : {}),
  };
}

export class GrpcExecutorClient implements ExecutorClient {
  #streams = true;

  constructor(private readonly connection: PluginConnection) {}

  async metadata(): Promise<PluginMetadata> {
    return fromWireMetadata(await this.#call(executor.ExecutorService.metadata, {}));
  }

  async help(): Promise<Message> {
    return messageFrom((await this.#call(executor.ExecutorService.help, {})).help, this.connection.name, 'Help');
  }

  /** One `Execute` round trip, without streaming. */
  async executeOnce(request: ExecuteRequest, signal?: AbortSignal): Promise<ExecuteOutput> {
    return this.#output(await this.#call(executor.ExecutorService.execute, toWireRequest(request), signal));
  }

  async *execute(request: ExecuteRequest, signal?: AbortSignal): AsyncIterable<ExecuteOutput> {
    signal?.throwIfAborted();
    if (this.#streams) {
      const method = stream.ExecutorStreamService.executeStream;
      let received = 0;
      try {
        for await (const bytes of this.connection.serverStream(
          method.path,
          method.requestSerialize(toWireRequest(request)),
          signal,
        )) {
          received++;
          yield this.#output(this.#decode(method, bytes, 'ExecuteStream'));
        }
        // A stream that ended without an update is an empty answer; running
        // the command again through Execute would run it twice.
        if (received === 0) yield { message: {} };
        return;
      } catch (error) {
        signal?.throwIfAborted();
        if (error instanceof PluginResponseError) throw error;
        if (!(received === 0 && (error as { code?: number }).code === h2.Status.UNIMPLEMENTED)) {
          throw await toCallError(this.connection, error, 'ExecuteStream');
        }
        // A Botkube plugin: no streaming. Use Execute from now on.
        this.#streams = false;
      }
    }
    yield await this.executeOnce(request, signal);
  }

  #output(response: executor.ExecuteResponse): ExecuteOutput {
    return toExecuteOutput(response, this.connection.name);
  }

  /** A unary call on the connection's lean transport, its failures turned into coded errors. */
  async #call<Req, Res>(method: MethodDefinition<Req, Res>, request: Req, signal?: AbortSignal): Promise<Res> {
    signal?.throwIfAborted();
    const name = method.path.slice(method.path.lastIndexOf('/') + 1);
    let bytes: Buffer;
    try {
      bytes = await this.connection.unary(method.path, method.requestSerialize(request), signal);
    } catch (error) {
      signal?.throwIfAborted();
      throw await toCallError(this.connection, error, name);
    }
    return this.#decode(method, bytes, name);
  }

  #decode<Req, Res>(method: MethodDefinition<Req, Res>, bytes: Buffer, name: string): Res {
    try {
      return method.responseDeserialize(bytes);
    } catch (error) {
      throw new PluginResponseError(
        `plugin ${this.connection.name} answered ${name} with bytes that are not its protobuf message`,
        {
          cause: error,
        },
      );
    }
  }
}
