/**
 * One HTTP/2 stream of a {@link Http2Connection}: what it sends, queued in
 * order and written as far as flow control allows, and its state (each
 * side's END_STREAM, a reset). What arrives on it goes to its
 * {@link StreamListener}.
 */
import { Http2StreamError } from './errors.js';
import { errorCodeName } from './frame-types.js';
import { rstStreamFrame } from './frame-writer.js';
import type { HeaderField } from './hpack-static-table.js';

/** What a stream's owner hears from it. */
export interface StreamListener {
  /** A header block: the first is the headers, one with `endStream` the trailers. */
  onHeaders(fields: readonly HeaderField[], endStream: boolean): void;
  /** A DATA frame's payload. Its flow-control window is given back at once: consume it now. */
  onData(data: Buffer, endStream: boolean): void;
  /**
   * The stream ended, once: `error` is unset when both sides ended it, else
   * a reset (the peer's or {@link Http2Stream.reset}), a GOAWAY or the
   * connection's end.
   */
  onClose(error: Http2StreamError | undefined): void;
  /** The stream takes more after {@link Http2Stream.sendData} returned false. */
  onWritable?(): void;
}

/** The connection as its streams see it. */
export interface StreamOutput {
  /** Octets of DATA the connection's window still allows. */
  readonly connectionWindow: number;
  /** The peer's SETTINGS_MAX_FRAME_SIZE. */
  readonly maxFrameSize: number;
  /** False while the socket's buffer is full. */
  readonly writable: boolean;
  /** Queues a stream's HEADERS (with CONTINUATION) frames. */
  sendHeaders(streamId: number, block: Buffer, endStream: boolean): void;
  /** Queues one DATA frame, taking its size from the connection's window. */
  sendData(streamId: number, data: Buffer, endStream: boolean): void;
  /** Queues a frame that is not flow-controlled (RST_STREAM). */
  sendFrame(frame: Buffer): void;
  /** The stream waits for window: flush it again when there is some. */
  blocked(stream: Http2Stream): void;
  /** The stream is done: forget it. */
  closed(stream: Http2Stream): void;
}

type Outgoing = { block: Buffer; end: boolean } | { data: Buffer; offset: number; end: boolean };

export class Http2Stream {
  /** Octets of DATA the peer's window for this stream still allows; may go negative after a SETTINGS change. */
  sendWindow: number;
  /** Octets received since the last WINDOW_UPDATE for this stream. */
  receivedUnacknowledged = 0;
  #queue: Outgoing[] = [];
  #localEnded = false;
  #remoteEnded = false;
  #closed = false;
  #wantsWritable = false;
  /** Reset with this code once this side has ended, unless the peer has ended too. */
  #resetWhenEnded: number | undefined;

  constructor(
    readonly id: number,
    private readonly output: StreamOutput,
    sendWindow: number,
    /** Set by the connection's owner before the first frame arrives. */
    public listener: StreamListener,
  ) {
    this.sendWindow = sendWindow;
  }

  /** Closed: both sides ended it, or it was reset, or its connection ended. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The peer ended its side: nothing more arrives. */
  get remoteEnded(): boolean {
    return this.#remoteEnded;
  }

  /** Sends a header block (headers, or trailers with `endStream`), after what is queued. */
  sendHeaders(block: Buffer, endStream = false): void {
    this.#assertSendable();
    this.#queue.push({ block, end: endStream });
    this.flush();
  }

  /**
   * Sends `data`, after what is queued, as flow control allows. Returns
   * false when some of it waits for window or the socket is full: then
   * wait for {@link StreamListener.onWritable} before sending more.
   */
  sendData(data: Buffer, endStream = false): boolean {
    this.#assertSendable();
    this.#queue.push({ data, offset: 0, end: endStream });
    this.flush();
    const writable = this.#queue.length === 0 && this.output.writable;
    if (!writable) this.#wantsWritable = true;
    return writable;
  }

  /** Ends the stream at once with RST_STREAM; what is queued is dropped. */
  reset(errorCode: number): void {
    if (this.#closed) return;
    this.output.sendFrame(rstStreamFrame(this.id, errorCode));
    this.close(new Http2StreamError(errorCode, `the stream was reset here (${errorCodeName(errorCode)})`));
  }

  /**
   * Once what is queued, END_STREAM included, is written, resets the stream
   * if the peer is still sending: a server that answered before the
   * request ended says so (RFC 9113 §8.1), and the stream does not linger.
   */
  resetWhenEnded(errorCode: number): void {
    this.#resetWhenEnded = errorCode;
    if (this.#localEnded && !this.#remoteEnded) this.reset(errorCode);
  }

  /** Writes what the windows allow of the queue. The connection calls it again when a window opens. */
  flush(): void {
    while (!this.#closed) {
      const next = this.#queue[0];
      if (!next) break;
      if ('block' in next) {
        this.output.sendHeaders(this.id, next.block, next.end);
        this.#dequeued(next.end);
        continue;
      }
      const left = next.data.length - next.offset;
      const size = Math.min(left, this.sendWindow, this.output.connectionWindow, this.output.maxFrameSize);
      if (left > 0 && size <= 0) {
        this.output.blocked(this);
        return;
      }
      this.output.sendData(this.id, next.data.subarray(next.offset, next.offset + size), next.end && size === left);
      this.sendWindow -= size;
      next.offset += size;
      if (size === left) this.#dequeued(next.end);
    }
    this.notifyWritable();
  }

  /** Tells the listener it may send again, if it was told to wait and nothing waits now. */
  notifyWritable(): void {
    if (!this.#wantsWritable || this.#closed || this.#queue.length > 0 || !this.output.writable) return;
    this.#wantsWritable = false;
    this.listener.onWritable?.();
  }

  /** The peer's END_STREAM arrived. */
  endRemote(): void {
    this.#remoteEnded = true;
    if (this.#localEnded) this.close(undefined);
  }

  /** Ends the stream for the reason given (unset: both sides ended it) and tells the listener. */
  close(error: Http2StreamError | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.output.closed(this);
    this.listener.onClose(error);
  }

  #dequeued(endStream: boolean): void {
    this.#queue.shift();
    if (!endStream) return;
    this.#localEnded = true;
    if (this.#remoteEnded) this.close(undefined);
    else if (this.#resetWhenEnded !== undefined) this.reset(this.#resetWhenEnded);
  }

  #assertSendable(): void {
    const last = this.#queue.at(-1);
    if (this.#closed || this.#localEnded || last?.end)
      throw new Error(`HTTP/2 stream ${this.id} is ${this.#closed ? 'closed' : 'ended'}: nothing more can be sent on it`);
  }
}
