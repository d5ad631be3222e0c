/**
 * gRPC calls on a lean HTTP/2 client over the plugin's socket: the hot path
 * of the host (Execute, ExecuteStream, Metadata, Help). grpc-js's client
 * machinery costs about twice the round trip itself, and node:http2 most of
 * the rest; this writes each request (HEADERS and DATA) in one socket write
 * and reads the answer straight from the frames. Event streams, whose
 * reader must push back on the plugin, and go-plugin's own services stay on
 * grpc-js.
 */
import net from 'node:net';
import { h2 } from '@chatkube/proto';
import type { Handshake } from './handshake.js';

const { ErrorCode, FrameReader, GrpcStatusError, Http2Connection, Status, decodeGrpcMessage, encodeHeaders, frame } = h2;

export interface UnaryOptions {
  /** Epoch milliseconds after which the call fails with DEADLINE_EXCEEDED. */
  deadline: number;
  signal?: AbortSignal | undefined;
}

const NO_STATUS = 'the plugin closed the call without a status';
const cancelled = (): h2.GrpcStatusError => new GrpcStatusError(Status.CANCELLED, 'the call was cancelled');

export class UnaryTransport {
  #connection: h2.Http2Connection | undefined;
  /** Calls waiting for the plugin's limit of concurrent streams to let them start. */
  #waiting: GrpcCall[] = [];
  /** Each method's request headers, encoded once; only grpc-timeout differs between calls. */
  readonly #headerBlocks = new Map<string, Buffer>();
  #timeoutField: { ms: number; bytes: Buffer } | undefined;

  constructor(
    private readonly handshake: Handshake,
    private readonly maxResponseBytes: number,
  ) {}

  /** Sends one request message to `path` and resolves with the one response message. */
  call(path: string, request: Uint8Array, options: UnaryOptions): Promise<Buffer> {
    if (options.signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      this.#start(new UnaryCall(path, request, options, this.maxResponseBytes, (call) => this.#start(call), { resolve, reject }));
    });
  }

  /**
   * Sends one request message to `path` and yields each response message as
   * it comes. The plugin's messages are buffered as they arrive (these are a
   * command's updates, not an event stream); breaking off cancels the call.
   */
  async *serverStream(path: string, request: Uint8Array, options: UnaryOptions): AsyncIterable<Buffer> {
    if (options.signal?.aborted) throw cancelled();
    const call = new StreamingCall(path, request, options, this.maxResponseBytes, (again) => this.#start(again));
    this.#start(call);
    try {
      yield* call.messages();
    } finally {
      call.cancel();
    }
  }

  /** Closes the connection once its calls are done; a later call opens a new one. */
  close(): void {
    this.#connection?.close();
    this.#connection = undefined;
  }

  #start(call: GrpcCall): void {
    const connection = this.#connect();
    if (this.#waiting.length === 0 && connection.canOpenStream) this.#open(connection, call);
    else this.#waiting.push(call);
  }

  /** Starts waiting calls while the plugin's stream limit allows. */
  #startWaiting(): void {
    while (this.#waiting.length > 0) {
      const call = this.#waiting[0] as GrpcCall;
      if (!call.settled) {
        const connection = this.#connect();
        if (!connection.canOpenStream) return;
        this.#open(connection, call);
      }
      this.#waiting.shift();
    }
  }

  #open(connection: h2.Http2Connection, call: GrpcCall): void {
    const stream = connection.openStream(call);
    const timeoutMs = Math.max(0, Math.ceil(call.options.deadline - Date.now()));
    stream.sendHeaders(Buffer.concat([this.#headerBlock(call.path), this.#timeout(timeoutMs)]));
    stream.sendData(frame(call.request), true);
    call.started(stream);
  }

  #headerBlock(path: string): Buffer {
    let block = this.#headerBlocks.get(path);
    if (!block) {
      const { network, address } = this.handshake;
      block = encodeHeaders([
        [':method', 'POST'],
        [':scheme', 'http'],
        [':path', path],
        [':authority', network === 'unix' ? 'localhost' : address],
        ['content-type', 'application/grpc'],
        ['te', 'trailers'],
      ]);
      this.#headerBlocks.set(path, block);
    }
    return block;
  }

  /** Calls made a fixed time before their deadline share one timeout value: encode it once. */
  #timeout(ms: number): Buffer {
    if (this.#timeoutField?.ms !== ms) this.#timeoutField = { ms, bytes: encodeHeaders([['grpc-timeout', `${ms}m`]]) };
    return this.#timeoutField.bytes;
  }

  /** One HTTP/2 connection per plugin, opened on first use and again once it fails or drains. */
  #connect(): h2.Http2Connection {
    if (this.#connection && !this.#connection.draining) return this.#connection;
    // One out of stream ids finishes its calls and closes; one closed or going away already is.
    this.#connection?.close();
    const { network, address } = this.handshake;
    const socket = network === 'unix' ? net.connect(address) : net.connect(tcpAddress(address));
    if (network === 'tcp') socket.setNoDelay(true);
    socket.unref();
    const connection = new Http2Connection(socket, {
      role: 'client',
      onStreamClosed: () => this.#startWaiting(),
      onClose: () => {
        if (this.#connection === connection) this.#connection = undefined;
        this.#startWaiting();
      },
    });
    this.#connection = connection;
    return connection;
  }
}

function tcpAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(colon + 1)) };
}

/** Starts a call again, on a new connection: the plugin never saw it. */
type Restart = (call: GrpcCall) => void;

/**
 * One call's stream: its answer's headers, messages and status, or its
 * deadline or abort first. What happens to the messages and the end is the
 * kind of call's own.
 */
abstract class GrpcCall implements h2.StreamListener {
  readonly #reader: h2.FrameReader;
  readonly #timer: NodeJS.Timeout;
  #stream: h2.Http2Stream | undefined;
  #headersSeen = false;
  #restarted = false;
  /** Whether a response message came: such a call is never started again. */
  protected received = false;
  settled = false;

  constructor(
    readonly path: string,
    readonly request: Uint8Array,
    readonly options: UnaryOptions,
    maxResponseBytes: number,
    private readonly restart: Restart,
  ) {
    this.#reader = new FrameReader(maxResponseBytes);
    this.#timer = setTimeout(
      () => this.finish(new GrpcStatusError(Status.DEADLINE_EXCEEDED, 'deadline exceeded')),
      Math.max(0, options.deadline - Date.now()),
    );
    options.signal?.addEventListener('abort', this.#abort, { once: true });
  }

  /** A response message. Throwing a GrpcStatusError ends the call with it. */
  protected abstract message(message: Buffer): void;
  /** The call's end: its status, or why it failed. */
  protected abstract settle(error: Error | undefined): void;

  started(stream: h2.Http2Stream): void {
    this.#stream = stream;
  }

  onHeaders(fields: readonly h2.HeaderField[], endStream: boolean): void {
    let status: string | undefined;
    let grpcStatus: string | undefined;
    let grpcMessage: string | undefined;
    for (const [name, value] of fields) {
      if (name === ':status') status = value;
      else if (name === 'grpc-status') grpcStatus = value;
      else if (name === 'grpc-message') grpcMessage = value;
    }
    const first = !this.#headersSeen;
    this.#headersSeen = true;
    if (first && status !== '200') {
      this.finish(new GrpcStatusError(Status.UNKNOWN, `the plugin answered HTTP ${status}`));
      return;
    }
    // The status is in the trailers, or in the headers of a "trailers-only" answer.
    if (grpcStatus === undefined) {
      if (endStream) this.finish(new GrpcStatusError(Status.UNAVAILABLE, NO_STATUS));
      return;
    }
    const code = /^\d+$/.test(grpcStatus) ? Number(grpcStatus) : Status.UNKNOWN;
    this.finish(code === Status.OK ? undefined : new GrpcStatusError(code, decodeGrpcMessage(grpcMessage)));
  }

  onData(data: Buffer): void {
    if (this.settled) return;
    try {
      for (const message of this.#reader.push(data)) {
        this.received = true;
        this.message(message);
      }
    } catch (error) {
      this.finish(error as h2.GrpcStatusError);
    }
  }

  onClose(error: h2.Http2StreamError | undefined): void {
    if (this.settled) return;
    if (error?.unprocessed && !this.#restarted && !this.received) {
      this.#restarted = true;
      this.#stream = undefined;
      this.restart(this);
      return;
    }
    this.finish(new GrpcStatusError(Status.UNAVAILABLE, error?.message ?? NO_STATUS));
  }

  readonly #abort = (): void => this.finish(cancelled());

  protected finish(error: Error | undefined): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.#timer);
    this.options.signal?.removeEventListener('abort', this.#abort);
    // A call that ends before its stream does resets it: after the frame being read, whose END_STREAM may close it first.
    const stream = this.#stream;
    if (stream && !stream.closed)
      queueMicrotask(() => {
        if (!stream.closed) stream.reset(ErrorCode.CANCEL);
      });
    this.settle(error);
  }
}

/** A unary call: exactly one response message. */
class UnaryCall extends GrpcCall {
  #message: Buffer | undefined;

  constructor(
    path: string,
    request: Uint8Array,
    options: UnaryOptions,
    maxResponseBytes: number,
    restart: Restart,
    private readonly owner: { resolve(message: Buffer): void; reject(error: Error): void },
  ) {
    super(path, request, options, maxResponseBytes, restart);
  }

  protected message(message: Buffer): void {
    // Refuse a second message at once rather than buffer what follows.
    if (this.#message) throw new GrpcStatusError(Status.INTERNAL, 'the plugin sent more than one response message');
    this.#message = message;
  }

  protected settle(error: Error | undefined): void {
    if (error) this.owner.reject(error);
    else if (this.#message) this.owner.resolve(this.#message);
    else this.owner.reject(new GrpcStatusError(Status.INTERNAL, 'the plugin sent no response message'));
  }
}

/** A server-streaming call: the response messages in order, then the status. */
class StreamingCall extends GrpcCall {
  readonly #messages: Buffer[] = [];
  #end: { error: Error | undefined } | undefined;
  #wake: (() => void) | undefined;

  protected message(message: Buffer): void {
    this.#messages.push(message);
    this.#wake?.();
  }

  protected settle(error: Error | undefined): void {
    this.#end = { error };
    this.#wake?.();
  }

  /** Ends the call if it still runs: the reader broke off. */
  cancel(): void {
    this.finish(cancelled());
  }

  async *messages(): AsyncIterable<Buffer> {
    for (;;) {
      const message = this.#messages.shift();
      if (message) {
        yield message;
        continue;
      }
      if (this.#end) {
        if (this.#end.error) throw this.#end.error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}
