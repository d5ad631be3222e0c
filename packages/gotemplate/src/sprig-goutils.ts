/**
 * The Masterminds/goutils helpers behind sprig's untitle, swapcase, nospace,
 * initials, abbrev and wrap. Several walk the UTF-8 bytes of a string and
 * treat each byte as a Latin-1 rune, which garbles non-ASCII text; Go's
 * output is copied, garbling included.
 */

import {
  byteSlice,
  fromUtf8,
  isLower,
  isSpace,
  isUpper,
  mapRunes,
  toLowerRune,
  toTitleRune,
  toUpperRune,
  utf8,
} from './go-unicode.js';

/** goutils.Uncapitalize: the first letter of each space-separated word in lower case. */
export function untitle(s: string): string {
  let next = true;
  return mapRunes(s, (r) => {
    if (isSpace(r)) {
      next = true;
      return r;
    }
    if (!next) return r;
    next = false;
    return toLowerRune(r);
  });
}

export function swapcase(s: string): string {
  let whitespace = true;
  return mapRunes(s, (r) => {
    if (isUpper(r) || /^\p{Lt}$/u.test(String.fromCodePoint(r))) {
      whitespace = false;
      return toLowerRune(r);
    }
    if (isLower(r)) {
      const out = whitespace ? toTitleRune(r) : toUpperRune(r);
      whitespace = false;
      return out;
    }
    whitespace = isSpace(r);
    return r;
  });
}

/** Byte-wise helpers of goutils read each byte as a Latin-1 rune, and write it back as UTF-8. */
const latin1 = (bytes: number[]): string => String.fromCharCode(...bytes);

export function nospace(s: string): string {
  const bytes = [...utf8(s)];
  const kept = bytes.filter((b) => !isSpace(b));
  return kept.length === bytes.length ? s : latin1(kept);
}

export function initials(s: string): string {
  const out: number[] = [];
  let gap = true;
  for (const b of utf8(s)) {
    if (isSpace(b)) gap = true;
    else if (gap) {
      out.push(b);
      gap = false;
    }
  }
  return latin1(out);
}

/** goutils.AbbreviateFull. */
export function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  const len = utf8(s).length;
  if (s === '' || maxWidth < 4) return '';
  if (len <= maxWidth) return s;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return `${byteSlice(s, 0, maxWidth - 3)}...`;
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < len) return `...${abbreviateFull(byteSlice(s, offset), 0, maxWidth - 3)}`;
  return `...${byteSlice(s, len - (maxWidth - 3))}`;
}

/** goutils.WrapCustom, byte-wise like the original. */
export function wrapCustom(s: string, width: number, newline: string, wrapLong: boolean): string {
  if (s === '') return '';
  if (newline === '') newline = '\n';
  if (width < 1) width = 1;
  const b = utf8(s);
  const text = (from: number, to?: number) => fromUtf8(b.subarray(from, to));
  let out = '';
  let offset = 0;
  while (b.length - offset > width) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    const window = b.subarray(offset, Math.min(width + offset + 1, b.length));
    const space = window.lastIndexOf(0x20) + offset;
    if (space >= offset) {
      out += text(offset, space) + newline;
      offset = space + 1;
    } else if (wrapLong) {
      out += text(offset, width + offset) + newline;
      offset += width;
    } else {
      const next = b.indexOf(0x20, width + offset);
      if (next < 0) {
        out += text(offset);
        offset = b.length;
      } else {
        out += text(offset, next) + newline;
        offset = next + 1;
      }
    }
  }
  return out + text(offset);
}
