/**
 * HPACK decoding (RFC 7541 §3, §6): turns header blocks into header fields,
 * keeping the dynamic table in step with the peer's encoder. Every header
 * block of a connection must be decoded, in order, even for streams nobody
 * listens to any more; an error here is a connection error.
 */
import { Http2ConnectionError } from './errors.js';
import { ErrorCode } from './frame-types.js';
import { entrySize, HpackDynamicTable } from './hpack-dynamic-table.js';
import { HpackReader } from './hpack-primitives.js';
import { type HeaderField, STATIC_TABLE } from './hpack-static-table.js';

/** The table size every HPACK context starts with (SETTINGS_HEADER_TABLE_SIZE's default). */
export const DEFAULT_TABLE_SIZE = 4096;

export interface HpackDecoderOptions {
  /** The SETTINGS_HEADER_TABLE_SIZE this endpoint advertises: the most a size update may ask for. */
  maxTableSize?: number;
  /** Header lists larger than this (RFC 7541 §4.1 sizes) are refused. */
  maxHeaderListSize?: number;
}

const compressionError = (why: string): Http2ConnectionError =>
  new Http2ConnectionError(ErrorCode.COMPRESSION_ERROR, `HPACK: ${why}`);

export class HpackDecoder {
  readonly #maxTableSize: number;
  readonly #maxHeaderListSize: number;
  readonly #table: HpackDynamicTable;

  constructor(options: HpackDecoderOptions = {}) {
    this.#maxTableSize = options.maxTableSize ?? DEFAULT_TABLE_SIZE;
    this.#maxHeaderListSize = options.maxHeaderListSize ?? Number.POSITIVE_INFINITY;
    this.#table = new HpackDynamicTable(this.#maxTableSize);
  }

  /** The dynamic table, for tests and diagnostics. */
  get table(): HpackDynamicTable {
    return this.#table;
  }

  /** The header fields of one complete header block, in order. */
  decode(block: Uint8Array): HeaderField[] {
    const reader = new HpackReader(block);
    const fields: HeaderField[] = [];
    let listSize = 0;
    while (!reader.done) {
      const first = reader.peek();
      let field: HeaderField;
      if (first & 0x80) {
        field = this.#lookup(reader.integer(7));
      } else if (first & 0x40) {
        field = this.#literal(reader, 6);
        this.#table.add(field);
      } else if (first & 0x20) {
        // A size update may only open a header block (RFC 7541 §4.2).
        if (fields.length > 0) throw compressionError('a dynamic table size update after a header field');
        const size = reader.integer(5);
        if (size > this.#maxTableSize)
          throw compressionError(`a dynamic table size update to ${size}, above the limit of ${this.#maxTableSize}`);
        this.#table.resize(size);
        continue;
      } else {
        // Without indexing (0000) or never indexed (0001): not added to the table.
        field = this.#literal(reader, 4);
      }
      listSize += entrySize(field);
      if (listSize > this.#maxHeaderListSize)
        throw new Http2ConnectionError(
          ErrorCode.PROTOCOL_ERROR,
          `a header list larger than the limit of ${this.#maxHeaderListSize} octets`,
        );
      fields.push(field);
    }
    return fields;
  }

  /** A literal field: its name indexed (a non-zero index) or literal, then its value. */
  #literal(reader: HpackReader, prefixBits: number): HeaderField {
    const index = reader.integer(prefixBits);
    const name = index === 0 ? reader.string() : this.#lookup(index)[0];
    return [name, reader.string()];
  }

  /** Static entries first (1 to 61), then the dynamic table, newest first. */
  #lookup(index: number): HeaderField {
    const field = index <= STATIC_TABLE.length ? STATIC_TABLE[index - 1] : this.#table.get(index - STATIC_TABLE.length);
    if (index === 0 || !field)
      throw compressionError(
        `index ${index} is beyond the tables (${STATIC_TABLE.length} static, ${this.#table.length} dynamic)`,
      );
    return field;
  }
}
