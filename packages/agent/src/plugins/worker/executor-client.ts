/**
 * The agent's executor client for a plugin in a worker thread: the same
 * wire request as a process gets, the same decoding and the same errors,
 * over the worker's port. Output always streams: the worker runs chatkube's
 * SDK, which has `ExecutorStream`.
 */
import type { ExecuteOutput, Message, PluginMetadata } from '@chatkube/api';
import { messageFrom } from '../host/decode.js';
import { type ExecuteRequest, type ExecutorClient, toExecuteOutput, toWireRequest } from '../host/executor-client.js';
import { fromWireMetadata } from '../host/metadata.js';
import type { PortCalls } from './port-calls.js';

export class WorkerExecutorClient implements ExecutorClient {
  constructor(
    private readonly name: string,
    private readonly calls: PortCalls,
    private readonly callTimeoutMs: number,
  ) {}

  async metadata(): Promise<PluginMetadata> {
    return fromWireMetadata(await this.calls.unary('executor.metadata', {}, 'Metadata', { timeoutMs: this.callTimeoutMs }));
  }

  async help(): Promise<Message> {
    const response = await this.calls.unary('executor.help', {}, 'Help', { timeoutMs: this.callTimeoutMs });
    return messageFrom(response.help, this.name, 'Help');
  }

  async *execute(request: ExecuteRequest, signal?: AbortSignal): AsyncIterable<ExecuteOutput> {
    let received = 0;
    for await (const response of this.calls.stream('executor.executeStream', toWireRequest(request), 'ExecuteStream', {
      signal,
      timeoutMs: this.callTimeoutMs,
    })) {
      received++;
      yield toExecuteOutput(response, this.name);
    }
    // As over gRPC: a stream that ended without an update is an empty answer.
    if (received === 0) yield { message: {} };
  }
}
