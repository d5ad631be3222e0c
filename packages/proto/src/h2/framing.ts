/**
 * gRPC's message framing over HTTP/2, for the lean transports that serve and
 * call plugins on the hot path (grpc-js costs more per call than a plugin
 * round trip should). Each message is a 5-byte prefix (a compressed flag,
 * then the length, big-endian) followed by the protobuf bytes.
 */

/** gRPC status codes used by the lean transports (same numbers as grpc-js's `status`). */
export const Status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/** A failed call: a gRPC status code and its message, as grpc-js reports one. */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`${code} ${details}`);
  }
}

/** One message as a length-prefixed, uncompressed gRPC frame. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/**
 * Reassembles gRPC frames from HTTP/2 data chunks, refusing messages larger
 * than `maxBytes` as soon as their prefix arrives.
 */
export class FrameReader {
  #buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {}

  /** Adds a chunk and returns the messages it completes. */
  push(chunk: Buffer): Buffer[] {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    const messages: Buffer[] = [];
    while (this.#buffered.length >= 5) {
      if (this.#buffered[0] !== 0)
        throw new GrpcStatusError(Status.INTERNAL, 'a compressed message arrived, but none was asked for');
      const length = this.#buffered.readUInt32BE(1);
      if (length > this.maxBytes) {
        throw new GrpcStatusError(
          Status.RESOURCE_EXHAUSTED,
          `received a message of ${length} bytes, more than the limit of ${this.maxBytes}`,
        );
      }
      if (this.#buffered.length < 5 + length) break;
      messages.push(this.#buffered.subarray(5, 5 + length));
      this.#buffered = this.#buffered.subarray(5 + length);
    }
    return messages;
  }

  /** True when a message has started and not ended. */
  get partial(): boolean {
    return this.#buffered.length > 0;
  }
}

/** `grpc-message` is percent-encoded on the wire. */
export function decodeGrpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Percent-encodes a status message as gRPC requires (printable ASCII but `%` stays as is). */
export function encodeGrpcMessage(text: string): string {
  return Buffer.from(text, 'utf8').reduce((out, byte) => {
    const printable = byte >= 0x20 && byte <= 0x7e && byte !== 0x25;
    return out + (printable ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`);
  }, '');
}
