/**
 * sprig's snakecase, kebabcase and camelcase, which are huandu/xstrings
 * v1.3.3's ToSnakeCase, ToKebabCase and ToCamelCase: words are split at case
 * changes, digits, connectors (- _ and white space) and punctuation.
 */

import { isLetter, isNumber, isPunct, isSpace, isUpper, runes, toLowerRune, toUpperRune } from './go-unicode.js';

const RUNE_ERROR = 0xfffd;
const isConnector = (r: number): boolean => r === 0x2d || r === 0x5f || isSpace(r);

/** A letter that is not a CJK ideograph. */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  return !((r >= 0x4e00 && r <= 0x9fcc) || (r >= 0x3400 && r <= 0x4d85) || (r >= 0x20000 && r <= 0x2b81d));
}

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

interface Word {
  type: WordType;
  word: number[];
  next: number;
}

/** The next valid rune at `i` (skipping U+FFFD), and how many runes that took; `prev` when none is left. */
function nextValid(rs: number[], i: number, prev: number): [number, number] {
  let size = 0;
  for (; i < rs.length; i++) {
    size++;
    const r = rs[i] ?? RUNE_ERROR;
    if (r !== RUNE_ERROR) return [r, size];
  }
  return [prev, size];
}

function nextWord(rs: number[], start: number): Word {
  if (start >= rs.length) return { type: 'invalid', word: [], next: start };
  let [r, size] = nextValid(rs, start, RUNE_ERROR);
  let offset = size;
  if (r === RUNE_ERROR) return { type: 'invalid', word: rs.slice(start, start + offset), next: start + offset };
  /** Extends the word while `more` holds for the next rune. */
  const extend = (more: (r: number) => boolean): void => {
    while (start + offset < rs.length) {
      [r, size] = nextValid(rs, start + offset, r);
      if (!more(r)) break;
      offset += size;
    }
  };
  let type: WordType;
  if (isConnector(r)) {
    type = 'connector';
    extend(isConnector);
  } else if (isPunct(r)) {
    type = 'punct';
    extend(isPunct);
  } else if (isUpper(r)) {
    type = 'upper';
    if (start + offset < rs.length) {
      [r, size] = nextValid(rs, start + offset, r);
      if (isUpper(r)) {
        let prevSize = size;
        offset += size;
        while (start + offset < rs.length) {
          [r, size] = nextValid(rs, start + offset, r);
          if (!isUpper(r)) break;
          prevSize = size;
          offset += size;
        }
        // "HTTPServer": the last capital starts the next word.
        if (start + offset < rs.length && isAlphabet(r)) offset -= prevSize;
      } else if (isAlphabet(r)) {
        offset += size;
        extend((x) => isAlphabet(x) && !isUpper(x));
      }
    }
  } else if (isAlphabet(r)) {
    type = 'alphabet';
    extend((x) => isAlphabet(x) && !isUpper(x));
  } else if (isNumber(r)) {
    type = 'number';
    extend(isNumber);
  } else {
    type = 'other';
    extend((x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  }
  return { type, word: rs.slice(start, start + offset), next: start + offset };
}

function toLower(out: number[], type: WordType, word: number[], connector: number): void {
  if (type !== 'upper' && type !== 'connector') {
    out.push(...word);
    return;
  }
  for (const r of word) out.push(isConnector(r) ? connector : isUpper(r) ? toLowerRune(r) : r);
}

/** xstrings' camelCaseToLowerCase. */
export function snakeOrKebab(s: string, sep: '_' | '-'): string {
  if (s === '') return '';
  const connector = sep.charCodeAt(0);
  const rs = runes(s);
  const out: number[] = [];
  let w = nextWord(rs, 0);
  while (w.next < rs.length) {
    if (w.type !== 'connector') toLower(out, w.type, w.word, connector);
    const prev = w;
    w = nextWord(rs, w.next);
    if (prev.type === 'number') {
      while (w.type === 'alphabet' || w.type === 'number') {
        toLower(out, w.type, w.word, connector);
        w = nextWord(rs, w.next);
      }
      if (w.type !== 'invalid' && w.type !== 'punct' && w.type !== 'connector') out.push(connector);
    } else if (prev.type === 'connector') toLower(out, prev.type, prev.word, connector);
    else if (prev.type !== 'punct') {
      if (w.type !== 'number') {
        if (w.type !== 'connector' && w.type !== 'punct') out.push(connector);
        continue;
      }
      if (w.next >= rs.length) continue;
      const last = w.word;
      w = nextWord(rs, w.next);
      if (w.type !== 'alphabet') {
        toLower(out, 'number', last, connector);
        if (w.type !== 'connector' && w.type !== 'punct') out.push(connector);
        continue;
      }
      out.push(connector);
      toLower(out, 'number', last, connector);
      while (w.type === 'alphabet' || w.type === 'number') {
        toLower(out, w.type, w.word, connector);
        w = nextWord(rs, w.next);
      }
      if (w.type !== 'invalid' && w.type !== 'connector' && w.type !== 'punct') out.push(connector);
    }
  }
  toLower(out, w.type, w.word, connector);
  return String.fromCodePoint(...out);
}

/** xstrings.ToCamelCase: connectors dropped, the rune after one upper-cased, the rest lower-cased. */
export function camelcase(s: string): string {
  if (s === '') return '';
  const rs = runes(s);
  const out: number[] = [];
  let i = 0;
  let r0 = 0;
  while (i < rs.length) {
    r0 = rs[i++] ?? 0;
    if (!isConnector(r0)) {
      r0 = toUpperRune(r0);
      break;
    }
    out.push(r0);
  }
  if (i >= rs.length) {
    // Go writes the last rune once more, connector or not: "__" becomes "___".
    out.push(r0);
    return String.fromCodePoint(...out);
  }
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++] ?? 0;
    if (isConnector(r0) && isConnector(r1)) {
      out.push(r1);
      continue;
    }
    if (isConnector(r1)) r0 = toUpperRune(r0);
    else {
      r0 = toLowerRune(r0);
      out.push(r1);
    }
  }
  out.push(r0);
  return String.fromCodePoint(...out);
}
