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
  NOT_FOUND: 5,
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

/** A message larger than the reader's limit, refused before it is buffered. */
export class MessageTooLargeError extends GrpcStatusError {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(Status.RESOURCE_EXHAUSTED, `a message of ${size} bytes, larger than the limit of ${limit}`);
  }
}

/**
 * Reassembles gRPC frames from HTTP/2 data chunks. A message's buffer is
 * allocated once, when its prefix arrives, so large messages cost linear
 * time; one larger than `maxBytes` is refused before anything is buffered.
 */
export class FrameReader {
  #prefix = Buffer.alloc(5);
  #prefixFilled = 0;
  #message: Buffer | undefined;
  #messageFilled = 0;

  constructor(private readonly maxBytes: number) {}

  /** Adds a chunk and returns the messages it completes. */
  push(chunk: Buffer): Buffer[] {
    const messages: Buffer[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.#message) {
        const take = Math.min(5 - this.#prefixFilled, chunk.length - offset);
        chunk.copy(this.#prefix, this.#prefixFilled, offset, offset + take);
        this.#prefixFilled += take;
        offset += take;
        if (this.#prefixFilled < 5) break;
        if (this.#prefix[0] !== 0)
          throw new GrpcStatusError(Status.INTERNAL, 'a compressed message arrived, but none was asked for');
        const length = this.#prefix.readUInt32BE(1);
        if (length > this.maxBytes) throw new MessageTooLargeError(length, this.maxBytes);
        this.#message = Buffer.allocUnsafe(length);
        this.#messageFilled = 0;
      }
      const take = Math.min(this.#message.length - this.#messageFilled, chunk.length - offset);
      chunk.copy(this.#message, this.#messageFilled, offset, offset + take);
      this.#messageFilled += take;
      offset += take;
      if (this.#messageFilled === this.#message.length) {
        messages.push(this.#message);
        this.#message = undefined;
        this.#prefixFilled = 0;
      }
    }
    return messages;
  }

  /** True when a message has started and not ended. */
  get partial(): boolean {
    return this.#prefixFilled > 0;
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

/** Percent-encodes a status message as gRPC requires: printable ASCII but `%` stays as is, the rest is %XX. */
export function encodeGrpcMessage(text: string): string {
  return Buffer.from(text, 'utf8').reduce((out, byte) => {
    const printable = byte >= 0x20 && byte <= 0x7e && byte !== 0x25;
    return out + (printable ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`);
  }, '');
}
