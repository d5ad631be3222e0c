/**
 * HPACK's two primitive types (RFC 7541 §5): integers with an N-bit prefix,
 * and string literals, raw or Huffman-coded. Strings are octets, read and
 * written as latin1 so that a string's length is its size in octets.
 */
import { Http2ConnectionError } from './errors.js';
import { ErrorCode } from './frame-types.js';
import { huffmanDecode, huffmanEncode, huffmanEncodedLength } from './hpack-huffman.js';

/** No sane header needs more: integers above this end the decoding rather than lose precision. */
const MAX_INTEGER = 2 ** 32 - 1;

const compressionError = (why: string): Http2ConnectionError =>
  new Http2ConnectionError(ErrorCode.COMPRESSION_ERROR, `HPACK: ${why}`);

/** Reads HPACK primitives from a header block, from `offset` on. */
export class HpackReader {
  offset = 0;

  constructor(readonly block: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.block.length;
  }

  /** The octet at the cursor, not consumed. */
  peek(): number {
    return this.block[this.offset] as number;
  }

  /** An integer whose first octet's low `prefixBits` bits start it (the high bits are the caller's). */
  integer(prefixBits: number): number {
    const max = (1 << prefixBits) - 1;
    let value = this.#octet('an integer') & max;
    if (value < max) return value;
    let scale = 1;
    for (;;) {
      const octet = this.#octet('an integer');
      value += (octet & 0x7f) * scale;
      if (value > MAX_INTEGER) throw compressionError(`an integer larger than ${MAX_INTEGER}`);
      if ((octet & 0x80) === 0) return value;
      scale *= 128;
    }
  }

  /** A string literal: a Huffman flag, a 7-bit-prefix length, the octets. */
  string(): string {
    const huffman = (this.peek() & 0x80) !== 0;
    const length = this.integer(7);
    if (length > this.block.length - this.offset)
      throw compressionError(`a string of ${length} octets, longer than what is left of the header block`);
    const octets = this.block.subarray(this.offset, this.offset + length);
    this.offset += length;
    return (huffman ? huffmanDecode(octets) : Buffer.from(octets.buffer, octets.byteOffset, octets.length)).toString('latin1');
  }

  #octet(what: string): number {
    if (this.offset >= this.block.length) throw compressionError(`the header block ends inside ${what}`);
    return this.block[this.offset++] as number;
  }
}

/** Appends an integer with a `prefixBits`-bit prefix; `flags` are the first octet's high bits. */
export function writeInteger(out: number[], value: number, prefixBits: number, flags = 0): void {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    out.push(flags | value);
    return;
  }
  out.push(flags | max);
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/** Appends a string literal, Huffman-coded when that is shorter. */
export function writeString(out: number[], text: string): void {
  const raw = Buffer.from(text, 'latin1');
  const huffman = huffmanEncodedLength(raw) < raw.length;
  const octets = huffman ? huffmanEncode(raw) : raw;
  writeInteger(out, octets.length, 7, huffman ? 0x80 : 0);
  for (const octet of octets) out.push(octet);
}
