/**
 * Checksums as plugin indexes write them, go-getter's way: `algorithm:hex`,
 * or a bare hex whose length says the algorithm (64 is SHA-256, Botkube's).
 */
import { createHash, type Hash } from 'node:crypto';

export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

export interface Checksum {
  algorithm: ChecksumAlgorithm;
  /** Lower-case hex. */
  hex: string;
}

const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/** The checksum `text` stands for, or a sentence saying why it is not one. */
export function parseChecksum(text: string): Checksum | string {
  const colon = text.indexOf(':');
  const named = colon >= 0 ? text.slice(0, colon).toLowerCase() : undefined;
  const hex = (colon >= 0 ? text.slice(colon + 1) : text).trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return `not a hex checksum: ${JSON.stringify(text)}`;
  if (named !== undefined) {
    if (!(named in HEX_LENGTH)) return `unsupported checksum type "${named}": expected md5, sha1, sha256 or sha512`;
    const algorithm = named as ChecksumAlgorithm;
    if (hex.length !== HEX_LENGTH[algorithm])
      return `a ${algorithm} checksum has ${HEX_LENGTH[algorithm]} hex digits, this one ${hex.length}`;
    return { algorithm, hex };
  }
  const algorithm = (Object.keys(HEX_LENGTH) as ChecksumAlgorithm[]).find((a) => HEX_LENGTH[a] === hex.length);
  if (!algorithm) return `a checksum has 64 hex digits (SHA-256), this one ${hex.length}`;
  return { algorithm, hex };
}

/** `sha256:ab12…`: how messages and cache records show a checksum. */
export function formatChecksum(checksum: Checksum): string {
  return `${checksum.algorithm}:${checksum.hex}`;
}

/**
 * Hashes a file's bytes as they stream by: always SHA-256 (what the cache
 * records), and the index's algorithm when it is another.
 */
export class StreamHasher {
  readonly #sha256 = createHash('sha256');
  readonly #other: Hash | undefined;
  bytes = 0;

  constructor(readonly expected?: Checksum) {
    this.#other = expected && expected.algorithm !== 'sha256' ? createHash(expected.algorithm) : undefined;
  }

  update(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.#sha256.update(chunk);
    this.#other?.update(chunk);
  }

  /** The SHA-256 of everything seen, and the expected algorithm's digest. */
  digest(): { sha256: string; actual: string | undefined } {
    const sha256 = this.#sha256.digest('hex');
    return { sha256, actual: this.expected ? (this.#other?.digest('hex') ?? sha256) : undefined };
  }
}
