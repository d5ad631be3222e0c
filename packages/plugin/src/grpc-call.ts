/**
 * One gRPC call on one HTTP/2 stream: the request frames in, the response
 * frames out, and the status in the trailers. The response headers go out
 * with the first message, so a call that ends before it sends anything is
 * answered trailers-only, as grpc-go answers it.
 */
import { once } from 'node:events';
import type { OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import * as h2 from '@chatkube/proto/h2';

const { FrameReader, GrpcStatusError, Status, encodeGrpcMessage, frame } = h2;

const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc' } as const;
const OK_TRAILERS: OutgoingHttpHeaders = { 'grpc-status': String(Status.OK) };

/** A reset with an error code is emitted as 'error' before 'close'; 'close' is what cancels the call. */
function ignoreError(): void {}

export class ServerCall {
  readonly #stream: ServerHttp2Stream;
  readonly #reader: h2.FrameReader;
  /** Made when first asked for: an AbortSignal costs microseconds, and most calls never look at theirs. */
  #abort: AbortController | undefined;
  /** The status is decided: nothing more goes out but what is already queued. */
  #ended = false;
  #trailers = OK_TRAILERS;

  constructor(stream: ServerHttp2Stream, maxRequestBytes: number) {
    this.#stream = stream;
    this.#reader = new FrameReader(maxRequestBytes);
    // A stream that closes before we ended it was reset by the client or lost with its connection.
    stream.once('close', () => {
      if (!this.#ended) this.#cancel(new GrpcStatusError(Status.CANCELLED, 'the host cancelled the call'));
    });
    stream.on('error', ignoreError);
  }

  /** Aborts when the client cancels the call, its connection drops or the server stops. */
  get signal(): AbortSignal {
    this.#abort ??= new AbortController();
    return this.#abort.signal;
  }

  /**
   * The one request message of a method whose client does not stream. It
   * does not wait for the client's end of stream, as grpc-go does not, and
   * whatever follows the message is discarded.
   */
  request(): Promise<Buffer> {
    const stream = this.#stream;
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        stream.off('data', onData);
        stream.off('end', onEnd);
      };
      const onData = (chunk: Buffer): void => {
        try {
          const [message] = this.#reader.push(chunk);
          if (!message) return;
          settle();
          resolve(message);
        } catch (error) {
          settle();
          reject(error);
        }
      };
      const onEnd = (): void => {
        settle();
        reject(new GrpcStatusError(Status.INTERNAL, 'the request ended before its message'));
      };
      stream.on('data', onData);
      stream.once('end', onEnd);
    });
  }

  /** Each request message of a method whose client streams, until the client ends its side. */
  async *messages(): AsyncGenerator<Buffer> {
    for await (const chunk of this.#stream) yield* this.#reader.push(chunk as Buffer);
    if (this.#reader.partial) throw new GrpcStatusError(Status.INTERNAL, 'the request ended in the middle of a message');
  }

  /**
   * Sends one response message, resolving when the stream has room for the
   * next: without the wait, a handler that produces faster than its host
   * reads would buffer without bound, and one that produces synchronously
   * would never let the event loop send anything. Never rejects; once the
   * call has ended or was cancelled it sends nothing.
   */
  async send(message: Buffer): Promise<void> {
    if (!this.#open) return;
    this.#respond();
    if (this.#stream.write(frame(message))) return;
    try {
      await once(this.#stream, 'drain', { signal: this.signal });
    } catch {
      // Cancelled, or the stream failed: its 'close' cancels the call.
    }
  }

  /** Ends the call with OK, after `last` when the method answers with one message. */
  finish(last?: Buffer): void {
    if (!this.#open) return;
    if (last === undefined) {
      this.#end(OK_TRAILERS);
      return;
    }
    this.#ended = true;
    this.#respond();
    this.#stream.end(frame(last));
  }

  /** Ends the call with `error`'s status. */
  fail(error: h2.GrpcStatusError): void {
    if (!this.#open) return;
    // What the client still sends is of no use now.
    this.#stream.resume();
    this.#end({ 'grpc-status': String(error.code), 'grpc-message': encodeGrpcMessage(error.details) });
  }

  /** Ends the call with `error`'s status now and aborts its handler: the server is stopping. */
  cancel(error: h2.GrpcStatusError): void {
    this.fail(error);
    this.#cancel(error);
  }

  #cancel(reason: h2.GrpcStatusError): void {
    this.#abort ??= new AbortController();
    this.#abort.abort(reason);
  }

  /** Not ended by us, nor reset by the client: a reset stream is destroyed before its 'close' event. */
  get #open(): boolean {
    return !this.#ended && !this.#stream.destroyed && !this.#stream.closed;
  }

  /** Sends `status` in the trailers, or trailers-only (one HEADERS frame) when nothing was sent. */
  #end(status: OutgoingHttpHeaders): void {
    this.#ended = true;
    if (this.#stream.headersSent) {
      this.#trailers = status;
      this.#stream.end();
    } else {
      this.#stream.respond({ ...RESPONSE_HEADERS, ...status }, { endStream: true });
    }
  }

  #respond(): void {
    if (this.#stream.headersSent) return;
    this.#stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
    this.#stream.once('wantTrailers', () => this.#stream.sendTrailers(this.#trailers));
  }
}
