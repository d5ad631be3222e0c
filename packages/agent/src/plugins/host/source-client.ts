/**
 * The agent's source client over a plugin connection: the event stream, the
 * incoming-webhook call and metadata, always with the request context that
 * Botkube's Go plugins dereference unchecked.
 */

import type { Event, SourceMetadata } from '@chatkube/api';
import { source } from '@chatkube/proto';
import { Metadata } from '@grpc/grpc-js';
import { PluginResponseError } from '../../errors.js';
import { toCallError } from './call-errors.js';
import type { PluginConnection } from './connection.js';
import { eventFrom } from './decode.js';
import { fromWireMetadata } from './metadata.js';
import { wireBytes } from './wire-bytes.js';

export interface SourceRequestContext {
  isInteractivitySupported?: boolean;
  clusterName?: string;
  /** The `sources.<name>` group key. */
  sourceName?: string;
  /** Where the agent's HTTP server is reached, e.g. `http://chatkube.chatkube.svc:2115`. */
  baseURL?: string;
}

export interface StreamRequest extends SourceRequestContext {
  /** The source group's config, one YAML document. */
  config?: string | Uint8Array;
  kubeConfig?: Uint8Array;
}

export interface ExternalRequest extends SourceRequestContext {
  payload: Uint8Array;
  config?: string | Uint8Array;
}

/** What the rest of the agent needs of a source, whatever runs it. */
export interface SourceClient {
  metadata(): Promise<SourceMetadata>;
  /** Events until `signal` aborts or the plugin ends the stream. */
  stream(request: StreamRequest, signal?: AbortSignal): AsyncIterable<Event>;
  handleExternalRequest(request: ExternalRequest): Promise<Event>;
}

/** Where a source's incoming webhook is posted, as Botkube builds it. */
export function incomingWebhookURL(baseURL: string, sourceName: string): string {
  return `${baseURL}/sources/v1/${sourceName}`;
}

function toSourceContext(request: SourceRequestContext): source.SourceContext {
  const baseURL = request.baseURL ?? '';
  const sourceName = request.sourceName ?? '';
  return {
    isInteractivitySupported: request.isInteractivitySupported ?? false,
    clusterName: request.clusterName ?? '',
    sourceName,
    incomingWebhook: { baseURL, fullURLForSource: baseURL && sourceName ? incomingWebhookURL(baseURL, sourceName) : '' },
  };
}

/** The wire request of a stream, with every context field a Go plugin dereferences set. */
export function toWireStreamRequest(request: StreamRequest): source.StreamRequest {
  return {
    configs: [{ rawYAML: wireBytes(request.config) }],
    context: { sourceContext: toSourceContext(request), kubeConfig: wireBytes(request.kubeConfig) },
  };
}

/** The wire request of an incoming webhook. */
export function toWireExternalRequest(request: ExternalRequest): source.ExternalRequest {
  return {
    payload: wireBytes(request.payload),
    config: { rawYAML: wireBytes(request.config) },
    context: { sourceContext: toSourceContext(request) },
  };
}

export class GrpcSourceClient implements SourceClient {
  constructor(private readonly connection: PluginConnection) {}

  async metadata(): Promise<SourceMetadata> {
    try {
      const response = await new Promise<source.MetadataResponse>((resolve, reject) =>
        this.#source.metadata({}, new Metadata(), this.connection.callOptions(), (error, value) =>
          error ? reject(error) : resolve(value),
        ),
      );
      return fromWireMetadata(response);
    } catch (error) {
      throw await toCallError(this.connection, error, 'Metadata');
    }
  }

  async *stream(request: StreamRequest, signal?: AbortSignal): AsyncIterable<Event> {
    signal?.throwIfAborted();
    const call = this.#source.stream(toWireStreamRequest(request));
    const abort = (): void => call.cancel();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      for await (const response of call as AsyncIterable<source.StreamResponse>) {
        yield eventFrom(response.event, this.connection.name, 'Stream');
      }
    } catch (error) {
      signal?.throwIfAborted();
      throw error instanceof PluginResponseError ? error : await toCallError(this.connection, error, 'Stream');
    } finally {
      signal?.removeEventListener('abort', abort);
      // Leaving the loop early destroys the stream without cancelling the call: the plugin would go on producing.
      call.cancel();
    }
  }

  async handleExternalRequest(request: ExternalRequest): Promise<Event> {
    try {
      const response = await new Promise<source.ExternalRequestResponse>((resolve, reject) =>
        this.#source.handleExternalRequest(
          toWireExternalRequest(request),
          new Metadata(),
          this.connection.callOptions(),
          (error, value) => (error ? reject(error) : resolve(value)),
        ),
      );
      return eventFrom(response.event, this.connection.name, 'HandleExternalRequest');
    } catch (error) {
      throw error instanceof PluginResponseError ? error : await toCallError(this.connection, error, 'HandleExternalRequest');
    }
  }

  get #source(): source.SourceClient {
    return this.connection.client(source.SourceClient);
  }
}
