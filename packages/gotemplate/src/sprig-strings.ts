/**
 * sprig v3's string functions. Several of sprig's helpers walk a string byte
 * by byte (trunc, substr, abbrev, wrap, nospace, initials); those go through
 * UTF-8 so that multi-byte text comes out as Go's does.
 */

import { createHash } from 'node:crypto';
import { FuncError, type FuncMap, fn, n } from './functions.js';
import { sprint } from './go-printf.js';
import { quote as goQuote } from './go-strconv.js';
import { byteSlice, fromUtf8, isSpace, mapRunes, runes, toLowerRune, toTitleRune, toUpperRune, utf8 } from './go-unicode.js';
import { type GoValue, typed } from './go-values.js';
import { camelcase, snakeOrKebab } from './sprig-case.js';
import { abbreviateFull, initials, nospace, swapcase, untitle, wrapCustom } from './sprig-goutils.js';

/** Results past this size are refused before they are built. */
export const MAX_STRING_BYTES = 1024 * 1024;

/** sprig's strval: a string as it is, anything else as %v prints it. */
export const strval = (v: GoValue): string => (typeof v === 'string' ? v : sprint([v]));

/** strings.TrimSpace: Unicode white space at both ends. */
export function trimSpace(s: string): string {
  const r = runes(s);
  let start = 0;
  let end = r.length;
  while (start < end && isSpace(r[start] ?? 0)) start++;
  while (end > start && isSpace(r[end - 1] ?? 0)) end--;
  return String.fromCodePoint(...r.slice(start, end));
}

/** strings.Trim(s, cutset). */
function trim(s: string, cutset: string): string {
  const cut = new Set(runes(cutset));
  const r = runes(s);
  let start = 0;
  let end = r.length;
  while (start < end && cut.has(r[start] ?? -1)) start++;
  while (end > start && cut.has(r[end - 1] ?? -1)) end--;
  return String.fromCodePoint(...r.slice(start, end));
}

/** strings.Title: the first letter of each word in title case. */
function title(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const separator =
      prev < 0x80
        ? !/[0-9A-Za-z_]/.test(String.fromCharCode(prev))
        : !/^[\p{L}\p{Nd}]$/u.test(String.fromCodePoint(prev)) && isSpace(prev);
    prev = r;
    return separator ? toTitleRune(r) : r;
  });
}

function repeat(count: number, s: string): string {
  if (count < 0) throw new FuncError('strings: negative Repeat count');
  if (count * utf8(s).length > MAX_STRING_BYTES) throw new FuncError(`result would be larger than ${MAX_STRING_BYTES} bytes`);
  return s.repeat(count);
}

function indent(spaces: number, s: string): string {
  const pad = repeat(spaces, ' ');
  return pad + s.replaceAll('\n', `\n${pad}`);
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before every rune and at the end. */
function replaceAll(s: string, old: string, replacement: string): string {
  if (old !== '') return s.split(old).join(replacement);
  return (
    replacement +
    runes(s)
      .map((r) => String.fromCodePoint(r) + replacement)
      .join('')
  );
}

/** strings.Split: an empty separator splits into runes. */
export function split(s: string, sep: string): string[] {
  return sep === '' ? runes(s).map((r) => String.fromCodePoint(r)) : s.split(sep);
}

function splitN(s: string, sep: string, count: number): string[] {
  if (count === 0) return [];
  const parts = split(s, sep);
  if (count < 0 || parts.length <= count) return parts;
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join(sep)];
}

const asMap = (parts: string[]): Record<string, GoValue> => {
  const map = typed(Object.create(null) as Record<string, GoValue>, 'map[string]string');
  parts.forEach((p, i) => {
    map[`_${i}`] = p;
  });
  return map;
};

/** sprig's strslice: a list's non-nil elements as strings; one value as a list of one. */
export function strslice(v: GoValue): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of utf8(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

function base64Decode(s: string): string {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
    const bad = s.search(/[^A-Za-z0-9+/=]|=[^=]|=$/);
    return `illegal base64 data at input byte ${bad < 0 ? utf8(s).length - (utf8(s).length % 4) : utf8(s.slice(0, bad)).length}`;
  }
  return fromUtf8(Buffer.from(s, 'base64'));
}

export const STRING_FUNCTIONS: FuncMap = {
  abbrev: fn(['int', 'string'], (w: GoValue, s: string) => (n(w) < 4 ? s : abbreviateFull(s, 0, n(w)))),
  abbrevboth: fn(['int', 'int', 'string'], (l: GoValue, r: GoValue, s: string) =>
    n(r) < 4 || (n(l) > 0 && n(r) < 7) ? s : abbreviateFull(s, n(l), n(r)),
  ),
  trunc: fn(['int', 'string'], (c: GoValue, s: string) => {
    const len = utf8(s).length;
    const count = n(c);
    if (count < 0 && len + count > 0) return byteSlice(s, len + count);
    if (count >= 0 && len > count) return byteSlice(s, 0, count);
    return s;
  }),
  trim: fn(['string'], trimSpace),
  upper: fn(['string'], (s: string) => mapRunes(s, toUpperRune)),
  lower: fn(['string'], (s: string) => mapRunes(s, toLowerRune)),
  title: fn(['string'], title),
  untitle: fn(['string'], untitle),
  swapcase: fn(['string'], swapcase),
  substr: fn(['int', 'int', 'string'], (a: GoValue, b: GoValue, s: string) => {
    const len = utf8(s).length;
    const [start, end] = [n(a), n(b)];
    const slice = (from: number, to: number) => {
      if (from < 0 || to > len || from > to) throw new FuncError(`runtime error: slice bounds out of range [${from}:${to}]`);
      return byteSlice(s, from, to);
    };
    if (start < 0) return slice(0, end);
    if (end < 0 || end > len) return slice(start, len);
    return slice(start, end);
  }),
  repeat: fn(['int', 'string'], (c: GoValue, s: string) => repeat(n(c), s)),
  trimall: fn(['string', 'string'], (a: string, b: string) => trim(b, a)),
  trimAll: fn(['string', 'string'], (a: string, b: string) => trim(b, a)),
  trimSuffix: fn(['string', 'string'], (a: string, b: string) => (a !== '' && b.endsWith(a) ? b.slice(0, -a.length) : b)),
  trimPrefix: fn(['string', 'string'], (a: string, b: string) => (b.startsWith(a) ? b.slice(a.length) : b)),
  nospace: fn(['string'], nospace),
  initials: fn(['string'], initials),
  snakecase: fn(['string'], (s: string) => snakeOrKebab(s, '_')),
  kebabcase: fn(['string'], (s: string) => snakeOrKebab(s, '-')),
  camelcase: fn(['string'], camelcase),
  wrap: fn(['int', 'string'], (w: GoValue, s: string) => wrapCustom(s, n(w), '', false)),
  wrapWith: fn(['int', 'string', 'string'], (w: GoValue, sep: string, s: string) => wrapCustom(s, n(w), sep, true)),
  contains: fn(['string', 'string'], (sub: string, s: string) => s.includes(sub)),
  hasPrefix: fn(['string', 'string'], (sub: string, s: string) => s.startsWith(sub)),
  hasSuffix: fn(['string', 'string'], (sub: string, s: string) => s.endsWith(sub)),
  quote: fn(
    [],
    (...v: GoValue[]) =>
      v
        .filter((x) => x !== null)
        .map((x) => goQuote(strval(x)))
        .join(' '),
    'any',
  ),
  squote: fn(
    [],
    (...v: GoValue[]) =>
      v
        .filter((x) => x !== null)
        .map((x) => `'${strval(x)}'`)
        .join(' '),
    'any',
  ),
  cat: fn(
    [],
    (...v: GoValue[]) =>
      v
        .filter((x) => x !== null)
        .map(strval)
        .join(' '),
    'any',
  ),
  indent: fn(['int', 'string'], (c: GoValue, s: string) => indent(n(c), s)),
  nindent: fn(['int', 'string'], (c: GoValue, s: string) => `\n${indent(n(c), s)}`),
  replace: fn(['string', 'string', 'string'], (old: string, rep: string, s: string) => replaceAll(s, old, rep)),
  plural: fn(['string', 'string', 'int'], (one: string, many: string, c: GoValue) => (n(c) === 1 ? one : many)),
  sha1sum: fn(['string'], (s: string) => createHash('sha1').update(s, 'utf8').digest('hex')),
  sha256sum: fn(['string'], (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')),
  adler32sum: fn(['string'], (s: string) => String(adler32(s))),
  toString: fn(['any'], strval),
  join: fn(['string', 'any'], (sep: string, v: GoValue) => strslice(v).join(sep)),
  split: fn(['string', 'string'], (sep: string, s: string) => asMap(split(s, sep))),
  splitList: fn(['string', 'string'], (sep: string, s: string) => typed(split(s, sep), '[]string')),
  splitn: fn(['string', 'int', 'string'], (sep: string, c: GoValue, s: string) => asMap(splitN(s, sep, n(c)))),
  toStrings: fn(['any'], (v: GoValue) => typed(strslice(v), '[]string')),
  b64enc: fn(['string'], (s: string) => Buffer.from(s, 'utf8').toString('base64')),
  b64dec: fn(['string'], base64Decode),
};
