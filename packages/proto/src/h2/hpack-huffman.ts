/**
 * HPACK's Huffman code (RFC 7541 §5.2, Appendix B). The code is canonical:
 * codes of one length are consecutive numbers, in symbol order, and each
 * length's first code follows the last code of the length before. So the
 * code lengths alone define it; the codes are derived from them here, and
 * the tests check them against the RFC's table and examples.
 */
import { Http2ConnectionError } from './errors.js';
import { ErrorCode } from './frame-types.js';

/** Code length in bits of each symbol: the 256 octets, then EOS (256). From RFC 7541 Appendix B. */
// biome-ignore format: one row per 16 symbols, as the table reads best
const CODE_LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, // 0x00
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, // 0x10
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, // 0x20
  5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, // 0x30
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, // 0x40
  7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, // 0x50
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, // 0x60
  6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, // 0x70
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, // 0x80
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, // 0x90
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, // 0xa0
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, // 0xb0
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, // 0xc0
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, // 0xd0
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, // 0xe0
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, // 0xf0
  30, // EOS
] as const;

const EOS = 256;
const MAX_CODE_LENGTH = 30;

/** The canonical code: each symbol's code, and per length the first code, how many there are and where they start in `bySymbolOrder`. */
function buildCode() {
  const symbols = CODE_LENGTHS.map((_, symbol) => symbol);
  const lengthOf = (symbol: number): number => CODE_LENGTHS[symbol] as number;
  const bySymbolOrder = symbols.sort((a, b) => lengthOf(a) - lengthOf(b) || a - b);
  const codes = new Uint32Array(CODE_LENGTHS.length);
  const firstCode = new Int32Array(MAX_CODE_LENGTH + 1).fill(-1);
  const count = new Uint16Array(MAX_CODE_LENGTH + 1);
  const start = new Uint16Array(MAX_CODE_LENGTH + 1);
  let code = 0;
  let length = lengthOf(bySymbolOrder[0] as number);
  bySymbolOrder.forEach((symbol, rank) => {
    const symbolLength = lengthOf(symbol);
    if (rank > 0) code = (code + 1) * 2 ** (symbolLength - length);
    length = symbolLength;
    codes[symbol] = code;
    if (count[length] === 0) {
      firstCode[length] = code;
      start[length] = rank;
    }
    count[length] = (count[length] as number) + 1;
  });
  return { codes, firstCode, count, start, bySymbolOrder: Uint16Array.from(bySymbolOrder) };
}

const { codes, firstCode, count, start, bySymbolOrder } = buildCode();

/** The code of `symbol` (an octet, or 256 for EOS) and its length in bits. */
export function huffmanCode(symbol: number): { code: number; bits: number } {
  return { code: codes[symbol] ?? 0, bits: CODE_LENGTHS[symbol] ?? 0 };
}

const compressionError = (why: string): Http2ConnectionError =>
  new Http2ConnectionError(ErrorCode.COMPRESSION_ERROR, `HPACK: invalid Huffman-coded string: ${why}`);

/**
 * Decodes a Huffman-coded string into its octets. Refuses EOS inside the
 * string and padding that is longer than 7 bits or not the most
 * significant bits of EOS (all ones), as RFC 7541 §5.2 requires.
 */
export function huffmanDecode(input: Uint8Array): Buffer {
  // The shortest code is 5 bits: at most 8 symbols per 5 octets.
  const out = Buffer.allocUnsafe(Math.ceil((input.length * 8) / 5));
  let written = 0;
  let code = 0;
  let length = 0;
  for (const octet of input) {
    for (let bit = 7; bit >= 0; bit--) {
      code = (code << 1) | ((octet >> bit) & 1);
      length++;
      const rank = code - (firstCode[length] as number);
      if (rank >= 0 && rank < (count[length] as number)) {
        const symbol = bySymbolOrder[(start[length] as number) + rank] as number;
        if (symbol === EOS) throw compressionError('it contains EOS');
        out[written++] = symbol;
        code = 0;
        length = 0;
      } else if (length === MAX_CODE_LENGTH) {
        throw compressionError('it contains a sequence that is no code');
      }
    }
  }
  if (length > 7) throw compressionError('its padding is longer than 7 bits');
  if (code !== (1 << length) - 1) throw compressionError('its padding is not all ones');
  return out.subarray(0, written);
}

/** The length in octets of `input` Huffman-coded. */
export function huffmanEncodedLength(input: Uint8Array): number {
  let bits = 0;
  for (const octet of input) bits += CODE_LENGTHS[octet] as number;
  return Math.ceil(bits / 8);
}

/** Huffman-codes `input`, padded with the most significant bits of EOS. */
export function huffmanEncode(input: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(huffmanEncodedLength(input));
  let written = 0;
  // Pending bits stay under 8 before a code is added, so `pending` stays under 2^38: exact in a double.
  let pending = 0;
  let pendingBits = 0;
  for (const octet of input) {
    const bits = CODE_LENGTHS[octet] as number;
    pending = pending * 2 ** bits + (codes[octet] as number);
    pendingBits += bits;
    while (pendingBits >= 8) {
      pendingBits -= 8;
      const scale = 2 ** pendingBits;
      const byte = Math.floor(pending / scale);
      out[written++] = byte;
      pending -= byte * scale;
    }
  }
  if (pendingBits > 0) out[written++] = (pending << (8 - pendingBits)) | (0xff >> pendingBits);
  return out;
}
