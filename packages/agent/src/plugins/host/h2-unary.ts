/**
 * Unary gRPC calls over a bare node:http2 session: the hot path of the host
 * (Execute, Metadata, Help). Measured here, grpc-js's client machinery costs
 * about twice the round trip itself; a plain HTTP/2 request does not. Streams
 * and go-plugin's own services stay on grpc-js.
 */
import http2, { type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import net from 'node:net';
import { h2 } from '@chatkube/proto';
import type { Handshake } from './handshake.js';

const { FrameReader, GrpcStatusError, Status, decodeGrpcMessage, frame } = h2;

export interface UnaryOptions {
  /** Epoch milliseconds after which the call fails with DEADLINE_EXCEEDED. */
  deadline: number;
  signal?: AbortSignal | undefined;
}

export class UnaryTransport {
  #session: ClientHttp2Session | undefined;

  constructor(
    private readonly handshake: Handshake,
    private readonly maxResponseBytes: number,
  ) {}

  /** Sends one request message to `path` and resolves with the one response message. */
  call(path: string, request: Uint8Array, options: UnaryOptions): Promise<Buffer> {
    if (options.signal?.aborted) return Promise.reject(new GrpcStatusError(Status.CANCELLED, 'the call was cancelled'));
    return new Promise((resolve, reject) => {
      const timeoutMs = Math.max(0, options.deadline - Date.now());
      const stream = this.#connect().request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-timeout': `${Math.ceil(timeoutMs)}m`,
      });
      const reader = new FrameReader(this.maxResponseBytes);
      const messages: Buffer[] = [];
      let settled = false;
      const finish = (error: Error | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        // Cancel only a call that failed: resetting one that ended well is an
        // invalid frame to the server, and too many of those end the session.
        if (error && !stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
        if (error) reject(error);
        else if (messages.length === 1) resolve(messages[0] as Buffer);
        else reject(new GrpcStatusError(Status.INTERNAL, 'the plugin sent no response message'));
      };
      const abort = (): void => finish(new GrpcStatusError(Status.CANCELLED, 'the call was cancelled'));
      const timer = setTimeout(() => finish(new GrpcStatusError(Status.DEADLINE_EXCEEDED, 'deadline exceeded')), timeoutMs);
      options.signal?.addEventListener('abort', abort, { once: true });

      const onStatus = (headers: IncomingHttpHeaders): void => {
        const code = Number(headers['grpc-status']);
        if (code === Status.OK) finish(undefined);
        else finish(new GrpcStatusError(code, decodeGrpcMessage(headers['grpc-message'])));
      };
      stream.on('response', (headers) => {
        if (headers[':status'] !== 200)
          finish(new GrpcStatusError(Status.UNKNOWN, `the plugin answered HTTP ${headers[':status']}`));
        // A "trailers-only" answer carries its status in the headers.
        else if (headers['grpc-status'] !== undefined) onStatus(headers);
      });
      stream.on('data', (chunk: Buffer) => {
        try {
          messages.push(...reader.push(chunk));
        } catch (error) {
          finish(error as Error);
        }
        // Refuse a second message at once rather than buffer what follows.
        if (messages.length > 1) finish(new GrpcStatusError(Status.INTERNAL, 'the plugin sent more than one response message'));
      });
      stream.on('trailers', onStatus);
      stream.on('close', () => {
        if (!settled) finish(new GrpcStatusError(Status.UNAVAILABLE, 'the plugin closed the call without a status'));
      });
      stream.on('error', (error) => finish(new GrpcStatusError(Status.UNAVAILABLE, error.message)));
      stream.end(frame(request));
    });
  }

  close(): void {
    this.#session?.close();
    this.#session = undefined;
  }

  /** One HTTP/2 session per plugin, opened on first use and again after it fails. */
  #connect(): ClientHttp2Session {
    if (this.#session && !this.#session.closed && !this.#session.destroyed) return this.#session;
    const { network, address } = this.handshake;
    const session = http2.connect(network === 'unix' ? 'http://localhost' : `http://${address}`, {
      ...(network === 'unix' ? { createConnection: () => net.connect(address) } : {}),
      // Answers may be up to the response limit; room for them in flight.
      maxSessionMemory: Math.ceil((2 * this.maxResponseBytes) / 1e6),
    });
    session.on('error', () => {
      // Each pending call fails on its own stream; the next call reconnects.
      if (this.#session === session) this.#session = undefined;
    });
    session.on('close', () => {
      if (this.#session === session) this.#session = undefined;
    });
    session.unref();
    this.#session = session;
    return session;
  }
}
