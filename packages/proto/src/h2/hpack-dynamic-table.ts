/**
 * HPACK's dynamic table (RFC 7541 §2.3.2, §4): newest entry first, sized by
 * the octets of its entries plus 32 each, oldest entries evicted to make
 * room.
 */
import type { HeaderField } from './hpack-static-table.js';

/** An entry's size: its name's and value's octets, plus 32 (RFC 7541 §4.1). */
export function entrySize([name, value]: HeaderField): number {
  return name.length + value.length + 32;
}

export class HpackDynamicTable {
  /** Oldest first, so that adding is a push and evicting a shift. */
  readonly #entries: HeaderField[] = [];
  #size = 0;

  constructor(private maxSize: number) {}

  /** The sum of the entries' sizes. */
  get size(): number {
    return this.#size;
  }

  get length(): number {
    return this.#entries.length;
  }

  /** The entry at `index`, 1 being the newest; undefined beyond the table. */
  get(index: number): HeaderField | undefined {
    return this.#entries[this.#entries.length - index];
  }

  /** Adds `field` as the newest entry; one larger than the whole table empties it and is not added. */
  add(field: HeaderField): void {
    const size = entrySize(field);
    this.#evict(this.maxSize - size);
    if (size > this.maxSize) return;
    this.#entries.push(field);
    this.#size += size;
  }

  /** A dynamic table size update: evicts until the entries fit in `maxSize`. */
  resize(maxSize: number): void {
    this.maxSize = maxSize;
    this.#evict(maxSize);
  }

  #evict(limit: number): void {
    while (this.#size > Math.max(0, limit)) {
      const oldest = this.#entries.shift();
      if (!oldest) break;
      this.#size -= entrySize(oldest);
    }
  }
}
