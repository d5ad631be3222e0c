/**
 * The agent's source client for a plugin in a worker thread: the same wire
 * requests as a process gets, the same decoding and the same errors, over
 * the worker's port; the event stream is paced by credit.
 */
import type { Event, SourceMetadata } from '@chatkube/api';
import { eventFrom } from '../host/decode.js';
import { fromWireMetadata } from '../host/metadata.js';
import {
  type ExternalRequest,
  type SourceClient,
  type StreamRequest,
  toWireExternalRequest,
  toWireStreamRequest,
} from '../host/source-client.js';
import type { PortCalls } from './port-calls.js';

export class WorkerSourceClient implements SourceClient {
  constructor(
    private readonly name: string,
    private readonly calls: PortCalls,
    private readonly callTimeoutMs: number,
  ) {}

  async metadata(): Promise<SourceMetadata> {
    return fromWireMetadata(await this.calls.unary('source.metadata', {}, 'Metadata', { timeoutMs: this.callTimeoutMs }));
  }

  /** Events until `signal` aborts or the plugin ends the stream; as over gRPC, a stream has no deadline. */
  async *stream(request: StreamRequest, signal?: AbortSignal): AsyncIterable<Event> {
    for await (const response of this.calls.stream('source.stream', toWireStreamRequest(request), 'Stream', { signal })) {
      yield eventFrom(response.event, this.name, 'Stream');
    }
  }

  async handleExternalRequest(request: ExternalRequest): Promise<Event> {
    const response = await this.calls.unary(
      'source.handleExternalRequest',
      toWireExternalRequest(request),
      'HandleExternalRequest',
      {
        timeoutMs: this.callTimeoutMs,
      },
    );
    return eventFrom(response.event, this.name, 'HandleExternalRequest');
  }
}
