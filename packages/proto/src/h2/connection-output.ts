/**
 * The sending half of an HTTP/2 connection: frames queued for the batched
 * socket writer, the peer's connection-level window that DATA draws on,
 * and the streams waiting for window.
 */
import type { Socket } from 'node:net';
import { BatchedWriter } from './batched-writer.js';
import { Http2ConnectionError } from './errors.js';
import { DEFAULT_MAX_FRAME_SIZE, DEFAULT_WINDOW, ErrorCode, Flag, FrameType, MAX_WINDOW } from './frame-types.js';
import { frameHeader, headersFrames } from './frame-writer.js';
import type { Http2Stream, StreamOutput } from './stream.js';

export class ConnectionOutput implements StreamOutput {
  readonly #writer: BatchedWriter;
  readonly #blocked = new Set<Http2Stream>();
  readonly #onStreamClosed: (stream: Http2Stream) => void;
  /** Octets of DATA the peer's connection window still allows. */
  #window = DEFAULT_WINDOW;
  #open = true;
  /** The peer's SETTINGS_MAX_FRAME_SIZE. */
  maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

  /** `onDrain` runs when the socket takes more after a full buffer; `onStreamClosed` when a stream is done. */
  constructor(socket: Socket, options: { onDrain: () => void; onStreamClosed: (stream: Http2Stream) => void }) {
    this.#writer = new BatchedWriter(socket, options.onDrain);
    this.#onStreamClosed = options.onStreamClosed;
  }

  get connectionWindow(): number {
    return this.#window;
  }

  get writable(): boolean {
    return !this.#writer.full;
  }

  /** Queues bytes for this turn's socket write; nothing once the connection has ended. */
  send(bytes: Buffer): void {
    if (this.#open) this.#writer.push(bytes);
  }

  sendHeaders(streamId: number, block: Buffer, endStream: boolean): void {
    this.send(headersFrames(streamId, block, endStream, this.maxFrameSize));
  }

  sendData(streamId: number, data: Buffer, endStream: boolean): void {
    this.#window -= data.length;
    this.send(frameHeader(data.length, FrameType.DATA, endStream ? Flag.END_STREAM : 0, streamId));
    if (data.length > 0) this.send(data);
  }

  sendFrame(frame: Buffer): void {
    this.send(frame);
  }

  blocked(stream: Http2Stream): void {
    this.#blocked.add(stream);
  }

  closed(stream: Http2Stream): void {
    this.#blocked.delete(stream);
    this.#onStreamClosed(stream);
  }

  /** The peer's WINDOW_UPDATE for the connection: the streams waiting for window go on. */
  grow(increment: number): void {
    this.#window += increment;
    if (this.#window > MAX_WINDOW)
      throw new Http2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, 'a WINDOW_UPDATE overflows the connection window');
    this.resumeBlocked();
  }

  /** A stream's own window grew: it goes on, if it waited. */
  resume(stream: Http2Stream): void {
    this.#blocked.delete(stream);
    stream.flush();
  }

  /** Every stream waiting for window tries again. */
  resumeBlocked(): void {
    const blocked = [...this.#blocked];
    this.#blocked.clear();
    for (const stream of blocked) stream.flush();
  }

  /** Writes what is queued now. */
  flush(): void {
    this.#writer.flush();
  }

  /** The connection has ended: nothing more goes out. */
  end(): void {
    this.#open = false;
    this.#writer.discard();
    this.#blocked.clear();
  }
}
