/**
 * A lean gRPC server on node:http2 (h2c on a unix socket): routes each
 * stream by `:path` to its method's handler through a {@link ServerCall}.
 * grpc-js's Server spends more per call on machinery a plugin does not use
 * (interceptors, channelz, metadata objects) than the round trip itself
 * costs; a go-plugin host got a third of a Go plugin's call rate from it.
 */
import http2, { type ServerHttp2Stream } from 'node:http2';
import * as h2 from '@chatkube/proto/h2';
import { ServerCall } from './grpc-call.js';
import type { PluginService, Route } from './grpc-service.js';

const { GrpcStatusError, Status } = h2;

/** Requests above this size are refused with RESOURCE_EXHAUSTED. Generous: a Go plugin refuses above 4 MiB. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export class GrpcServer {
  readonly #routes = new Map<string, Route>();
  readonly #server = http2.createServer();
  /** Calls whose stream is not closed yet, answered or not. */
  readonly #calls = new Set<ServerCall>();
  #stopping = false;
  #onDrained: (() => void) | undefined;

  constructor(
    services: readonly PluginService[],
    private readonly maxRequestBytes = MAX_REQUEST_BYTES,
  ) {
    for (const route of services.flatMap((service) => service.routes)) this.#routes.set(route.path, route);
    this.#server.on('stream', (stream, headers) => this.#serve(stream, headers[':path']));
  }

  /** Starts listening on the unix socket `path`. */
  listen(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(path, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  /**
   * Stops: refuses new connections and calls, ends every open call with
   * UNAVAILABLE, as grpc-go's Stop does, and resolves once every call's
   * stream is closed, so answers already given reach the client.
   */
  close(): Promise<void> {
    this.#stopping = true;
    this.#server.close();
    const stopping = new GrpcStatusError(Status.UNAVAILABLE, 'the plugin is stopping');
    for (const call of this.#calls) call.cancel(stopping);
    return new Promise((resolve) => {
      if (this.#calls.size === 0) resolve();
      else this.#onDrained = resolve;
    });
  }

  #serve(stream: ServerHttp2Stream, path: string | undefined): void {
    const call = new ServerCall(stream, this.maxRequestBytes);
    this.#calls.add(call);
    stream.once('close', () => {
      this.#calls.delete(call);
      if (this.#calls.size === 0) this.#onDrained?.();
    });
    const route = this.#routes.get(path ?? '');
    if (this.#stopping) call.fail(new GrpcStatusError(Status.UNAVAILABLE, 'the plugin is stopping'));
    else if (!route) call.fail(new GrpcStatusError(Status.UNIMPLEMENTED, `unknown method ${path}`));
    else void route.serve(call);
  }
}
