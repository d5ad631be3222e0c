/**
 * HPACK encoding without a dynamic table: every field is either a static
 * table entry (one octet) or a literal without indexing, its name indexed
 * when the static table has it. The peer's decoder keeps no state for us,
 * which lets a header block be encoded once and sent on any connection.
 */
import { writeInteger, writeString } from './hpack-primitives.js';
import { type HeaderField, STATIC_TABLE } from './hpack-static-table.js';

const staticIndex = new Map<string, number>();
const staticNameIndex = new Map<string, number>();
STATIC_TABLE.forEach(([name, value], i) => {
  staticIndex.set(`${name}\0${value}`, i + 1);
  if (!staticNameIndex.has(name)) staticNameIndex.set(name, i + 1);
});

/** Appends one field's representation to `out`. */
export function writeHeaderField(out: number[], [name, value]: HeaderField): void {
  const exact = staticIndex.get(`${name}\0${value}`);
  if (exact !== undefined) {
    writeInteger(out, exact, 7, 0x80);
    return;
  }
  const nameIndex = staticNameIndex.get(name) ?? 0;
  writeInteger(out, nameIndex, 4, 0x00);
  if (nameIndex === 0) writeString(out, name);
  writeString(out, value);
}

/** A header block for `fields`, in order. Names must be lower case, as HTTP/2 requires. */
export function encodeHeaders(fields: Iterable<HeaderField>): Buffer {
  const out: number[] = [];
  for (const field of fields) writeHeaderField(out, field);
  return Buffer.from(out);
}
