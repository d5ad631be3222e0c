/**
 * One gRPC call on one HTTP/2 stream: the request frames in, the response
 * frames out, and the status in the trailers. The response headers go out
 * with the first message, so a call that ends before it sends anything is
 * answered trailers-only, as grpc-go answers it. A unary answer (headers,
 * message, trailers) is queued in one turn, so it leaves in one socket write.
 */
import * as h2 from '@chatkube/proto/h2';

const { ErrorCode, FrameReader, GrpcStatusError, Status, encodeGrpcMessage, encodeHeaders, frame } = h2;

const RESPONSE_HEADERS = encodeHeaders([
  [':status', '200'],
  ['content-type', 'application/grpc'],
]);
const OK_TRAILERS = encodeHeaders([['grpc-status', String(Status.OK)]]);

export class ServerCall implements h2.StreamListener {
  readonly #stream: h2.Http2Stream;
  readonly #reader: h2.FrameReader;
  readonly #onClosed: () => void;
  /** Made when first asked for: an AbortSignal costs microseconds, and most calls never look at theirs. */
  #abort: AbortController | undefined;
  /** The status is decided: nothing more goes out but what is already queued. */
  #ended = false;
  #headersSent = false;
  /** Request messages not taken yet; the request's end, or why it cannot be read. */
  #messages: Buffer[] = [];
  #requestEnded = false;
  #requestError: h2.GrpcStatusError | undefined;
  /** The unary request was taken: what follows is discarded. */
  #requestTaken = false;
  #onRequest: (() => void) | undefined;
  #onWritable: (() => void)[] = [];

  /** `onClosed` runs once the stream is closed, however it ends. */
  constructor(stream: h2.Http2Stream, maxRequestBytes: number, onClosed: () => void) {
    this.#stream = stream;
    this.#reader = new FrameReader(maxRequestBytes);
    this.#onClosed = onClosed;
    stream.listener = this;
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
  async request(): Promise<Buffer> {
    for (;;) {
      if (this.#requestError) throw this.#requestError;
      const message = this.#messages.shift();
      if (message) {
        this.#requestTaken = true;
        this.#messages = [];
        return message;
      }
      if (this.#requestEnded || this.#stream.closed)
        throw new GrpcStatusError(Status.INTERNAL, 'the request ended before its message');
      await this.#nextRequestFrame();
    }
  }

  /** Each request message of a method whose client streams, until the client ends its side. Leaving early resets the call. */
  async *messages(): AsyncGenerator<Buffer> {
    let done = false;
    try {
      for (;;) {
        if (this.#requestError) {
          done = true;
          throw this.#requestError;
        }
        const message = this.#messages.shift();
        if (message) {
          yield message;
          continue;
        }
        if (this.#requestEnded || this.#stream.closed) {
          done = true;
          if (this.#requestEnded && this.#reader.partial)
            throw new GrpcStatusError(Status.INTERNAL, 'the request ended in the middle of a message');
          return;
        }
        await this.#nextRequestFrame();
      }
    } finally {
      if (!done) this.#stream.reset(ErrorCode.CANCEL);
    }
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
    if (this.#stream.sendData(frame(message))) return;
    await new Promise<void>((resolve) => this.#onWritable.push(resolve));
  }

  /** Ends the call with OK, after `last` when the method answers with one message. */
  finish(last?: Buffer): void {
    if (!this.#open) return;
    if (last !== undefined) {
      this.#respond();
      this.#stream.sendData(frame(last));
    }
    this.#end(OK_TRAILERS);
  }

  /** Ends the call with `error`'s status. */
  fail(error: h2.GrpcStatusError): void {
    if (!this.#open) return;
    this.#end(
      encodeHeaders([
        ['grpc-status', String(error.code)],
        ['grpc-message', encodeGrpcMessage(error.details)],
      ]),
    );
  }

  /** Ends the call with `error`'s status now and aborts its handler: the server is stopping. */
  cancel(error: h2.GrpcStatusError): void {
    this.fail(error);
    this.#cancel(error);
  }

  onHeaders(_fields: readonly h2.HeaderField[], endStream: boolean): void {
    // gRPC clients send no trailers; only the end of the request matters here.
    if (endStream) this.#requestEnd();
  }

  onData(data: Buffer, endStream: boolean): void {
    if (!this.#requestTaken && !this.#requestError) {
      try {
        for (const message of this.#reader.push(data)) this.#messages.push(message);
      } catch (error) {
        this.#requestError = error as h2.GrpcStatusError;
      }
    }
    if (endStream) this.#requestEnd();
    else this.#wakeRequest();
  }

  onClose(): void {
    // A stream that closes before we ended it was reset by the client or lost with its connection.
    if (!this.#ended) this.#cancel(new GrpcStatusError(Status.CANCELLED, 'the host cancelled the call'));
    this.#wakeRequest();
    this.onWritable();
    this.#onClosed();
  }

  onWritable(): void {
    const waiting = this.#onWritable;
    this.#onWritable = [];
    for (const resolve of waiting) resolve();
  }

  #cancel(reason: h2.GrpcStatusError): void {
    this.#abort ??= new AbortController();
    this.#abort.abort(reason);
  }

  /** Not ended by us, nor closed by the client. */
  get #open(): boolean {
    return !this.#ended && !this.#stream.closed;
  }

  #requestEnd(): void {
    this.#requestEnded = true;
    this.#wakeRequest();
  }

  #nextRequestFrame(): Promise<void> {
    return new Promise((resolve) => {
      this.#onRequest = resolve;
    });
  }

  #wakeRequest(): void {
    const wake = this.#onRequest;
    this.#onRequest = undefined;
    wake?.();
  }

  /** Sends `status` in the trailers, or trailers-only (one HEADERS frame) when nothing was sent. */
  #end(status: Buffer): void {
    this.#ended = true;
    this.#stream.sendHeaders(this.#headersSent ? status : Buffer.concat([RESPONSE_HEADERS, status]), true);
    this.#headersSent = true;
    // Answered before the request ended: the client need send no more, as grpc-go tells it too. After
    // the frame being read, whose END_STREAM may end the request first.
    const stream = this.#stream;
    if (!this.#requestEnded) queueMicrotask(() => stream.resetWhenEnded(ErrorCode.NO_ERROR));
    this.onWritable();
  }

  #respond(): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    this.#stream.sendHeaders(RESPONSE_HEADERS);
  }
}
