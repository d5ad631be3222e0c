/**
 * A lean gRPC server on a raw HTTP/2 connection per client (h2c on a unix
 * socket): routes each stream by `:path` to its method's handler through a
 * {@link ServerCall}. grpc-js's Server spends more per call on machinery a
 * plugin does not use (interceptors, channelz, metadata objects) than the
 * round trip itself costs, and node:http2 sends an answer's trailers in a
 * second socket write; this writes a unary answer in one.
 */
import net from 'node:net';
import * as h2 from '@chatkube/proto/h2';
import { ServerCall } from './grpc-call.js';
import type { PluginService, Route } from './grpc-service.js';

const { GrpcStatusError, Http2Connection, Status } = h2;

/** Requests above this size are refused with RESOURCE_EXHAUSTED. Generous: a Go plugin refuses above 4 MiB. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export class GrpcServer {
  readonly #routes = new Map<string, Route>();
  readonly #server = net.createServer((socket) => this.#accept(socket));
  readonly #connections = new Set<h2.Http2Connection>();
  /** Calls whose stream is not closed yet, answered or not. */
  readonly #calls = new Set<ServerCall>();
  #stopping = false;
  #onStopped: (() => void) | undefined;

  constructor(
    services: readonly PluginService[],
    private readonly maxRequestBytes = MAX_REQUEST_BYTES,
  ) {
    for (const route of services.flatMap((service) => service.routes)) this.#routes.set(route.path, route);
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
   * stream is closed and every connection has written all it had, so
   * answers already given reach the client.
   */
  close(): Promise<void> {
    this.#stopping = true;
    this.#server.close();
    const stopping = new GrpcStatusError(Status.UNAVAILABLE, 'the plugin is stopping');
    for (const call of this.#calls) call.cancel(stopping);
    return new Promise((resolve) => {
      this.#onStopped = resolve;
      this.#checkStopped();
    });
  }

  #accept(socket: net.Socket): void {
    const connection = new Http2Connection(socket, {
      role: 'server',
      onStream: (stream, headers) => this.#serve(stream, headers),
      onClose: () => {
        this.#connections.delete(connection);
        this.#checkStopped();
      },
    });
    this.#connections.add(connection);
    if (this.#stopping) connection.close();
  }

  #serve(stream: h2.Http2Stream, headers: readonly h2.HeaderField[]): ServerCall {
    const call = new ServerCall(stream, this.maxRequestBytes, () => {
      this.#calls.delete(call);
      this.#checkStopped();
    });
    this.#calls.add(call);
    const path = headers.find(([name]) => name === ':path')?.[1];
    const route = this.#routes.get(path ?? '');
    if (this.#stopping) call.fail(new GrpcStatusError(Status.UNAVAILABLE, 'the plugin is stopping'));
    else if (!route) call.fail(new GrpcStatusError(Status.UNIMPLEMENTED, `unknown method ${path}`));
    else void route.serve(call);
    return call;
  }

  /** Once stopping and every call is done, closes the connections; once they are gone, the server has stopped. */
  #checkStopped(): void {
    if (!this.#stopping || this.#calls.size > 0) return;
    for (const connection of this.#connections) connection.close();
    if (this.#connections.size === 0) this.#onStopped?.();
  }
}
