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
  /**
   * The DATA frame last queued, while nothing follows it in the batch: more
   * DATA for its stream joins it, as nghttp2 joins a stream's writes. Each
   * frame costs a node:http2 reader (grpc-js) an event; a stream of small
   * messages costs it one per batch instead.
   */
  #lastData: { header: Buffer; streamId: number; length: number; generation: number } | undefined;
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
    this.#lastData = undefined;
    if (this.#open) this.#writer.push(bytes);
  }

  sendHeaders(streamId: number, block: Buffer, endStream: boolean): void {
    this.send(headersFrames(streamId, block, endStream, this.maxFrameSize));
  }

  sendData(streamId: number, data: Buffer, endStream: boolean): void {
    if (!this.#open) return;
    this.#window -= data.length;
    const last = this.#lastData;
    const generation = this.#writer.generation;
    if (last?.streamId === streamId && last.generation === generation && last.length + data.length <= this.maxFrameSize) {
      // Its header is still in the batch, unwritten: it can take the new length.
      last.length += data.length;
      last.header.writeUIntBE(last.length, 0, 3);
      if (endStream) last.header[4] = (last.header[4] as number) | Flag.END_STREAM;
    } else {
      const header = frameHeader(data.length, FrameType.DATA, endStream ? Flag.END_STREAM : 0, streamId);
      this.#writer.push(header);
      this.#lastData = { header, streamId, length: data.length, generation };
    }
    if (data.length > 0) this.#writer.push(data);
    // A frame that ended its stream, or whose batch was just written, takes nothing more.
    if (endStream || this.#writer.generation !== generation) this.#lastData = undefined;
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
    this.#lastData = undefined;
    this.#writer.discard();
    this.#blocked.clear();
  }
}
