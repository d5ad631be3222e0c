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
export const toLowerRune = (r: number): number => mapOne(r, String.fromCodePoint(r).toLowerCase());

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
/** Bytes back to text; a cut rune becomes U+FFFD (Go would keep the raw bytes). */
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);
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
