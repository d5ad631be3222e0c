/**
 * The parts of Go's strconv that templates reach: quoting (%q, sprig's
 * quote), unquoting literals, and parsing numbers with Go's syntax (number
 * literals in templates, sprig's int/float64/atoi).
 */

import { fromUtf8, isPrint, runes } from './go-unicode.js';

/** strconv's error for malformed input; its text is what Go prints. */
export class SyntaxFailure extends Error {}

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return `\\${String.fromCodePoint(r)}`;
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return String.fromCodePoint(r);
  const named = ESCAPES[r];
  if (named) return named;
  if (r < 0x20 || r === 0x7f) return `\\x${hex(r, 2)}`;
  if (r < 0x10000) return `\\u${hex(r, 4)}`;
  return `\\U${hex(r, 8)}`;
}

/** strconv.Quote (or QuoteToASCII): a double-quoted Go string literal. */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const r of runes(s)) out += escapeRune(r, 0x22, asciiOnly);
  return `${out}"`;
}

/** strconv.QuoteRune (or QuoteRuneToASCII): a single-quoted Go character literal. */
export function quoteRune(r: number, asciiOnly = false): string {
  const valid = r >= 0 && r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff);
  return `'${escapeRune(valid ? r : 0xfffd, 0x27, asciiOnly)}'`;
}

/** strconv.CanBackquote: no control characters (but tab), no backquote, no U+FEFF. */
export function canBackquote(s: string): boolean {
  for (const r of runes(s)) {
    if (r === 0x60 || r === 0xfeff || r === 0xfffd) return false;
    if ((r < 0x20 && r !== 0x09) || r === 0x7f) return false;
  }
  return true;
}

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };

/**
 * strconv.Unquote for the literals the lexer found: "…" (escapes), `…` (raw,
 * carriage returns dropped) and '…' (exactly one character, as a code point).
 */
export function unquote(literal: string): string | number {
  const q = literal[0];
  const body = literal.slice(1, -1);
  if (q === '`') return body.replaceAll('\r', '');
  const bytes: number[] = [];
  const pushRune = (r: number) => bytes.push(...Buffer.from(String.fromCodePoint(r), 'utf8'));
  let count = 0;
  let last = -1;
  for (let i = 0; i < body.length; count++) {
    const c = body.codePointAt(i) ?? 0;
    if (c === 0x0a || (q === "'" && c === 0x27) || (q === '"' && c === 0x22)) throw new SyntaxFailure('invalid syntax');
    if (c !== 0x5c) {
      pushRune(c);
      last = c;
      i += c > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1] ?? '';
    i += 2;
    if (e in SIMPLE) last = SIMPLE[e] ?? 0;
    else if (e === q) last = e.charCodeAt(0);
    else if (e >= '0' && e <= '7') {
      const digits = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(digits) || Number.parseInt(digits, 8) > 255) throw new SyntaxFailure('invalid syntax');
      last = Number.parseInt(digits, 8);
      i += 2;
      bytes.push(last);
      continue;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const digits = body.slice(i, i + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) throw new SyntaxFailure('invalid syntax');
      last = Number.parseInt(digits, 16);
      i += width;
      if (e === 'x') {
        bytes.push(last);
        continue;
      }
      if (last > 0x10ffff || (last >= 0xd800 && last <= 0xdfff)) throw new SyntaxFailure('invalid syntax');
    } else throw new SyntaxFailure('invalid syntax');
    pushRune(last);
  }
  if (q === "'") {
    if (count !== 1) throw new SyntaxFailure(count === 0 ? 'invalid syntax' : `malformed character constant: ${literal}`);
    return last;
  }
  return fromUtf8(Uint8Array.from(bytes));
}

/** Go's rule for underscores in number literals: only between digits (a base prefix counts as one). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  const hexPrefix = /^0[xX]/.test(s);
  if (/^0[bBoOxX]/.test(s)) {
    i = 2;
    saw = '0';
  }
  for (; i < s.length; i++) {
    const c = s[i] ?? '';
    if ((c >= '0' && c <= '9') || (hexPrefix && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** The digits of an integer with Go's base prefixes (base 0), or undefined when it is not one. */
function integerValue(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX]([0-9a-fA-F_]+)|0[bB]([01_]+)|0[oO]([0-7_]+)|(0[0-7_]*)|([1-9][0-9_]*))$/.exec(s);
  if (!m || (s.includes('_') && !underscoreOK(s))) return undefined;
  const [, sign, , hexDigits, binDigits, octDigits, legacyOctal, decimal] = m;
  const clean = (d: string) => d.replaceAll('_', '');
  let value: bigint;
  if (hexDigits !== undefined) value = BigInt(`0x${clean(hexDigits)}`);
  else if (binDigits !== undefined) value = BigInt(`0b${clean(binDigits)}`);
  else if (octDigits !== undefined) value = BigInt(`0o${clean(octDigits)}`);
  else if (legacyOctal !== undefined) value = clean(legacyOctal) === '0' ? 0n : BigInt(`0o${clean(legacyOctal).slice(1) || '0'}`);
  else value = BigInt(clean(decimal ?? ''));
  return sign === '-' ? -value : value;
}

/** strconv.ParseInt(s, 0, 64). */
export function parseInt64(s: string): bigint | undefined {
  const v = integerValue(s);
  return v !== undefined && v >= INT64_MIN && v <= INT64_MAX ? v : undefined;
}

/** strconv.ParseUint(s, 0, 64): no sign allowed. */
export function parseUint64(s: string): bigint | undefined {
  if (s.startsWith('+') || s.startsWith('-')) return undefined;
  const v = integerValue(s);
  return v !== undefined && v <= UINT64_MAX ? v : undefined;
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F_]*)\.?([0-9a-fA-F_]*)[pP]([+-]?[0-9_]+)$/;

/** strconv.ParseFloat(s, 64) for well-formed input; undefined when malformed or out of range. */
export function parseFloat64(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return Number.NaN;
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  const clean = s.replaceAll('_', '');
  let value: number;
  if (DECIMAL_FLOAT.test(s) && /[0-9]/.test(clean)) value = Number(clean);
  else {
    const m = HEX_FLOAT.exec(clean);
    if (!m || `${m[2]}${m[3]}` === '') return undefined;
    const [, sign, whole = '', frac = '', exp = '0'] = m;
    const mantissa = Number(BigInt(`0x${whole}${frac}`));
    value = mantissa * 2 ** (Number(exp) - 4 * frac.length);
    if (sign === '-') value = -value;
  }
  return Number.isFinite(value) ? value : undefined;
}
