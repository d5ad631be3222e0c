/**
 * HTTP/2 frames as bytes (RFC 9113 §4.1, §6): a 9-byte header and the
 * payload. DATA frames are written as a header followed by the caller's
 * bytes, so that large payloads are not copied here.
 */
import { ErrorCode, Flag, FRAME_HEADER_BYTES, FrameType } from './frame-types.js';

/** Writes a frame header into `target` at `offset`. */
export function writeFrameHeader(
  target: Buffer,
  offset: number,
  length: number,
  type: number,
  flags: number,
  streamId: number,
): void {
  target.writeUIntBE(length, offset, 3);
  target[offset + 3] = type;
  target[offset + 4] = flags;
  target.writeUInt32BE(streamId, offset + 5);
}

/** A frame header on its own, for a payload sent after it. */
export function frameHeader(length: number, type: number, flags: number, streamId: number): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  writeFrameHeader(header, 0, length, type, flags, streamId);
  return header;
}

/** A whole frame with a payload. */
export function frameWithPayload(type: number, flags: number, streamId: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  writeFrameHeader(frame, 0, payload.length, type, flags, streamId);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** A SETTINGS frame: each setting is a 16-bit id and a 32-bit value. */
export function settingsFrame(settings: ReadonlyArray<readonly [id: number, value: number]>): Buffer {
  const payload = Buffer.allocUnsafe(settings.length * 6);
  settings.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, i * 6);
    payload.writeUInt32BE(value, i * 6 + 2);
  });
  return frameWithPayload(FrameType.SETTINGS, 0, 0, payload);
}

/** The acknowledgement of the peer's SETTINGS. */
export const SETTINGS_ACK = frameHeader(0, FrameType.SETTINGS, Flag.ACK, 0);

/** A PING, or the answer to one (same 8 octets, ACK set). */
export function pingFrame(payload: Uint8Array, ack: boolean): Buffer {
  return frameWithPayload(FrameType.PING, ack ? Flag.ACK : 0, 0, payload);
}

/** Gives the peer `increment` more octets of window, on a stream or (id 0) the connection. */
export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const frame = frameHeader(4, FrameType.WINDOW_UPDATE, 0, streamId);
  return Buffer.concat([frame, uint32(increment)]);
}

export function rstStreamFrame(streamId: number, errorCode: number): Buffer {
  return Buffer.concat([frameHeader(4, FrameType.RST_STREAM, 0, streamId), uint32(errorCode)]);
}

/** Ends the connection: streams above `lastStreamId` were not and will not be processed. */
export function goAwayFrame(lastStreamId: number, errorCode: number = ErrorCode.NO_ERROR, debug = ''): Buffer {
  const payload = Buffer.concat([uint32(lastStreamId), uint32(errorCode), Buffer.from(debug, 'utf8')]);
  return frameWithPayload(FrameType.GOAWAY, 0, 0, payload);
}

/**
 * A header block as HEADERS and, when it is larger than `maxFrameSize`,
 * CONTINUATION frames, all in one buffer (nothing may come between them).
 */
export function headersFrames(streamId: number, block: Buffer, endStream: boolean, maxFrameSize: number): Buffer {
  const frames = Math.max(1, Math.ceil(block.length / maxFrameSize));
  const out = Buffer.allocUnsafe(frames * FRAME_HEADER_BYTES + block.length);
  let offset = 0;
  for (let i = 0; i < frames; i++) {
    const part = block.subarray(i * maxFrameSize, (i + 1) * maxFrameSize);
    const type = i === 0 ? FrameType.HEADERS : FrameType.CONTINUATION;
    const flags = (i === 0 && endStream ? Flag.END_STREAM : 0) | (i === frames - 1 ? Flag.END_HEADERS : 0);
    writeFrameHeader(out, offset, part.length, type, flags, streamId);
    out.set(part, offset + FRAME_HEADER_BYTES);
    offset += FRAME_HEADER_BYTES + part.length;
  }
  return out;
}

function uint32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}
