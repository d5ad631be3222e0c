/**
 * Reads HTTP/2 frames from a byte stream split anywhere (RFC 9113 §4, §6):
 * checks each frame's shape, strips padding and priority fields, joins a
 * header block's HEADERS and CONTINUATION frames into one HEADERS frame, and
 * drops frames of unknown types. A frame's payload is allocated once, when
 * its header arrives, so large frames cost linear time.
 */
import { Http2ConnectionError } from './errors.js';
import { CLIENT_PREFACE, ErrorCode, Flag, FRAME_HEADER_BYTES, FrameType } from './frame-types.js';

/** One frame as the parser hands it over. */
export interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  /**
   * The payload without padding or priority fields. For HEADERS, the whole
   * header block (its CONTINUATION frames joined; END_HEADERS is then set).
   */
  readonly payload: Buffer;
  /** The payload's length on the wire, padding included: what a DATA frame costs in flow control. */
  readonly length: number;
}

export interface FrameParserOptions {
  /** The SETTINGS_MAX_FRAME_SIZE this endpoint advertises; larger frames are a FRAME_SIZE_ERROR. */
  maxFrameSize: number;
  /** Header blocks larger than this (HEADERS and CONTINUATION together) are refused. */
  maxHeaderBlockSize: number;
  /** A server reads the client's connection preface before the first frame. */
  expectPreface?: boolean;
  onFrame(frame: Frame): void;
}

/** Frame types whose payload has a fixed length. */
const FIXED_LENGTHS = new Map<number, number>([
  [FrameType.PRIORITY, 5],
  [FrameType.RST_STREAM, 4],
  [FrameType.PING, 8],
  [FrameType.WINDOW_UPDATE, 4],
]);
/** Frame types that belong to the connection (stream 0) and those that belong to a stream. */
const CONNECTION_FRAMES = new Set<number>([FrameType.SETTINGS, FrameType.PING, FrameType.GOAWAY]);
const STREAM_FRAMES = new Set<number>([
  FrameType.DATA,
  FrameType.HEADERS,
  FrameType.PRIORITY,
  FrameType.RST_STREAM,
  FrameType.PUSH_PROMISE,
  FrameType.CONTINUATION,
]);

const protocolError = (why: string): Http2ConnectionError => new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, why);
const frameSizeError = (why: string): Http2ConnectionError => new Http2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, why);

export class FrameParser {
  readonly #options: FrameParserOptions;
  /** Preface octets still to check. */
  #prefaceLeft: number;
  /** A frame header split across chunks. */
  readonly #header = Buffer.alloc(FRAME_HEADER_BYTES);
  #headerFilled = 0;
  /** The payload of the frame being read, when it spans chunks. */
  #payload: Buffer | undefined;
  #payloadFilled = 0;
  /** A header block waiting for its CONTINUATION frames. */
  #block: { streamId: number; flags: number; parts: Buffer[]; size: number } | undefined;

  constructor(options: FrameParserOptions) {
    this.#options = options;
    this.#prefaceLeft = options.expectPreface ? CLIENT_PREFACE.length : 0;
  }

  /** Reads a chunk, handing over each frame it completes. Throws an {@link Http2ConnectionError}. */
  push(chunk: Buffer): void {
    let offset = this.#prefaceLeft > 0 ? this.#readPreface(chunk) : 0;
    while (offset < chunk.length) {
      if (this.#payload) {
        const take = Math.min(this.#payload.length - this.#payloadFilled, chunk.length - offset);
        chunk.copy(this.#payload, this.#payloadFilled, offset, offset + take);
        this.#payloadFilled += take;
        offset += take;
        if (this.#payloadFilled < this.#payload.length) return;
        const payload = this.#payload;
        this.#payload = undefined;
        this.#frame(this.#header, 0, payload);
        continue;
      }
      let header = chunk;
      let headerAt = offset;
      if (this.#headerFilled > 0 || chunk.length - offset < FRAME_HEADER_BYTES) {
        const take = Math.min(FRAME_HEADER_BYTES - this.#headerFilled, chunk.length - offset);
        chunk.copy(this.#header, this.#headerFilled, offset, offset + take);
        this.#headerFilled += take;
        offset += take;
        if (this.#headerFilled < FRAME_HEADER_BYTES) return;
        this.#headerFilled = 0;
        header = this.#header;
        headerAt = 0;
      } else {
        offset += FRAME_HEADER_BYTES;
      }
      const length = header.readUIntBE(headerAt, 3);
      if (length > this.#options.maxFrameSize)
        throw frameSizeError(`a frame of ${length} octets, above the SETTINGS_MAX_FRAME_SIZE of ${this.#options.maxFrameSize}`);
      if (chunk.length - offset >= length) {
        this.#frame(header, headerAt, chunk.subarray(offset, offset + length));
        offset += length;
      } else {
        // The rest comes in later chunks: keep the header for then.
        if (header !== this.#header) header.copy(this.#header, 0, headerAt, headerAt + FRAME_HEADER_BYTES);
        this.#payload = Buffer.allocUnsafe(length);
        this.#payloadFilled = 0;
      }
    }
  }

  #readPreface(chunk: Buffer): number {
    const start = CLIENT_PREFACE.length - this.#prefaceLeft;
    const take = Math.min(this.#prefaceLeft, chunk.length);
    if (!chunk.subarray(0, take).equals(CLIENT_PREFACE.subarray(start, start + take)))
      throw protocolError('the connection does not start with the HTTP/2 client preface');
    this.#prefaceLeft -= take;
    return take;
  }

  /** Checks one complete frame and hands it over, or keeps it when it is part of a header block. */
  #frame(header: Buffer, at: number, payload: Buffer): void {
    const type = header[at + 3] as number;
    const flags = header[at + 4] as number;
    const streamId = header.readUInt32BE(at + 5) & 0x7fff_ffff;
    const length = payload.length;
    if (this.#block && type !== FrameType.CONTINUATION)
      throw protocolError(`a frame of type ${type} inside the header block of stream ${this.#block.streamId}`);
    const fixed = FIXED_LENGTHS.get(type);
    if (fixed !== undefined && length !== fixed)
      throw frameSizeError(`a frame of type ${type} with ${length} octets, not ${fixed}`);
    if (CONNECTION_FRAMES.has(type) && streamId !== 0) throw protocolError(`a frame of type ${type} on stream ${streamId}`);
    if (STREAM_FRAMES.has(type) && streamId === 0) throw protocolError(`a frame of type ${type} on stream 0`);
    let body = payload;
    switch (type) {
      case FrameType.DATA:
        body = unpad(payload, flags, 0);
        break;
      case FrameType.HEADERS:
        body = unpad(payload, flags, flags & Flag.PRIORITY ? 5 : 0);
        if (!(flags & Flag.END_HEADERS)) {
          this.#block = { streamId, flags, parts: [Buffer.from(body)], size: body.length };
          this.#checkBlockSize();
          return;
        }
        break;
      case FrameType.CONTINUATION:
        this.#continuation(flags, streamId, payload);
        return;
      case FrameType.SETTINGS:
        if (flags & Flag.ACK && length !== 0) throw frameSizeError('a SETTINGS acknowledgement with a payload');
        if (length % 6 !== 0) throw frameSizeError(`a SETTINGS frame of ${length} octets, not a multiple of 6`);
        break;
      case FrameType.GOAWAY:
        if (length < 8) throw frameSizeError(`a GOAWAY frame of ${length} octets`);
        break;
      case FrameType.PUSH_PROMISE:
      case FrameType.PRIORITY:
      case FrameType.RST_STREAM:
      case FrameType.PING:
      case FrameType.WINDOW_UPDATE:
        break;
      default:
        // Extension frames must be ignored (RFC 9113 §4.1).
        return;
    }
    this.#options.onFrame({ type, flags, streamId, payload: body, length });
  }

  #continuation(flags: number, streamId: number, payload: Buffer): void {
    const block = this.#block;
    if (!block || block.streamId !== streamId)
      throw protocolError(`a CONTINUATION frame on stream ${streamId} that continues no header block`);
    block.parts.push(Buffer.from(payload));
    block.size += payload.length;
    this.#checkBlockSize();
    if (!(flags & Flag.END_HEADERS)) return;
    this.#block = undefined;
    const whole = Buffer.concat(block.parts, block.size);
    this.#options.onFrame({
      type: FrameType.HEADERS,
      flags: block.flags | Flag.END_HEADERS,
      streamId,
      payload: whole,
      length: whole.length,
    });
  }

  #checkBlockSize(): void {
    const size = this.#block?.size ?? 0;
    if (size > this.#options.maxHeaderBlockSize)
      throw new Http2ConnectionError(
        ErrorCode.ENHANCE_YOUR_CALM,
        `a header block of more than ${this.#options.maxHeaderBlockSize} octets`,
      );
  }
}

/** The payload without its padding (and `skip` more octets after the pad length, for priority fields). */
function unpad(payload: Buffer, flags: number, skip: number): Buffer {
  if (!(flags & Flag.PADDED)) {
    if (payload.length < skip) throw frameSizeError('a frame too short for its priority fields');
    return payload.subarray(skip);
  }
  const padLength = payload[0];
  if (padLength === undefined || 1 + skip + padLength > payload.length)
    throw protocolError(`padding of ${padLength ?? 0} octets in a frame of ${payload.length}`);
  return payload.subarray(1 + skip, payload.length - padLength);
}
