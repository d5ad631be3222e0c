/**
 * Go's view of text: Go strings are UTF-8 bytes and its `unicode` package
 * classifies runes (code points). Templates work on JavaScript strings, so the
 * byte-oriented operations (len, index, substr, …) go through UTF-8 here.
 */

const SPACE = /^\p{White_Space}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const NUMBER = /^\p{N}$/u;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const PUNCT = /^\p{P}$/u;
const GRAPHIC = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** unicode.IsSpace: Latin-1 spaces (including U+0085 and U+00A0) and Unicode White_Space. */
export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return SPACE.test(String.fromCodePoint(r));
}

export const isLetter = (r: number): boolean =>
  r < 0x80 ? (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a) : LETTER.test(String.fromCodePoint(r));
export const isDigit = (r: number): boolean => (r < 0x80 ? r >= 0x30 && r <= 0x39 : DIGIT.test(String.fromCodePoint(r)));
export const isNumber = (r: number): boolean => (r < 0x80 ? r >= 0x30 && r <= 0x39 : NUMBER.test(String.fromCodePoint(r)));
export const isUpper = (r: number): boolean => UPPER.test(String.fromCodePoint(r));
export const isLower = (r: number): boolean => LOWER.test(String.fromCodePoint(r));
export const isPunct = (r: number): boolean => PUNCT.test(String.fromCodePoint(r));

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  return GRAPHIC.test(String.fromCodePoint(r));
}

/** One rune mapped the way Go's simple case mappings do: JavaScript's full mappings that grow a rune (ß → SS) do not apply. */
function mapOne(r: number, mapped: string): number {
  const out = mapped.codePointAt(0) ?? r;
  return mapped.length === (out > 0xffff ? 2 : 1) ? out : r;
}

export const toUpperRune = (r: number): number => mapOne(r, String.fromCodePoint(r).toUpperCase());
/** U+0130 İ lowers to i in Go's simple mapping; JavaScript gives i and a combining dot. */
export const toLowerRune = (r: number): number => (r === 0x130 ? 0x69 : mapOne(r, String.fromCodePoint(r).toLowerCase()));

/** unicode.ToTitle: upper case but for the Latin digraphs, which have a title form of their own. */
export function toTitleRune(r: number): number {
  if (r >= 0x1c4 && r <= 0x1cc) return 0x1c5 + 3 * Math.floor((r - 0x1c4) / 3);
  if (r >= 0x1f1 && r <= 0x1f3) return 0x1f2;
  return toUpperRune(r);
}

/** The code points of `s`; a lone surrogate stands for U+FFFD, as an invalid UTF-8 byte does in Go. */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0xfffd;
    out.push(r >= 0xd800 && r <= 0xdfff ? 0xfffd : r);
  }
  return out;
}

/** strings.Map with a per-rune mapping. */
export function mapRunes(s: string, f: (r: number) => number): string {
  let out = '';
  for (const r of runes(s)) out += String.fromCodePoint(f(r));
  return out;
}

export const utf8 = (s: string): Uint8Array => encoder.encode(s);
/**
 * Bytes back to text. Go would keep invalid bytes as they are; a JavaScript
 * string cannot, so each becomes U+FFFD, as Go's encoding/json writes them.
 */
export function fromUtf8(b: Uint8Array): string {
  const text = decoder.decode(b);
  if (!text.includes('\uFFFD')) return text;
  let out = '';
  for (let i = 0; i < b.length; ) {
    const n = sequenceLength(b, i);
    out += n === 0 ? '\uFFFD' : decoder.decode(b.subarray(i, i + n));
    i += n === 0 ? 1 : n;
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `i`, or 0 (utf8.DecodeRune's rules: no overlong forms, no surrogates). */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] ?? 0;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** s[start:end] in Go, counting bytes. */
export function byteSlice(s: string, start: number, end?: number): string {
  const b = utf8(s);
  return fromUtf8(b.subarray(start, end ?? b.length));
}

/** Go's string order: bytewise on UTF-8, which is code point order. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
