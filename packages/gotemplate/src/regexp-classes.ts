/** Character classes of Go's regexp syntax: Perl (\d \s \w), POSIX ([:alpha:]) and Unicode (\pL, \p{Greek}). */

import { toLowerRune, toUpperRune } from './go-unicode.js';

export type Range = [number, number];
export type Item = Range | ((r: number) => boolean);

const cp = (c: string): number => c.codePointAt(0) ?? 0;
export const isWordChar = (r: number): boolean =>
  (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a) || r === 0x5f;

export const PERL: Record<string, Range[]> = {
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
};

const r = (a: string, b = a): Range => [cp(a), cp(b)];
export const POSIX: Record<string, Range[]> = {
  alnum: [r('0', '9'), r('A', 'Z'), r('a', 'z')],
  alpha: [r('A', 'Z'), r('a', 'z')],
  ascii: [[0, 0x7f]],
  blank: [r('\t'), r(' ')],
  cntrl: [
    [0, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [r('0', '9')],
  graph: [r('!', '~')],
  lower: [r('a', 'z')],
  print: [r(' ', '~')],
  punct: [r('!', '/'), r(':', '@'), r('[', '`'), r('{', '~')],
  space: [r('\t', '\r'), r(' ')],
  upper: [r('A', 'Z')],
  word: [r('0', '9'), r('A', 'Z'), r('a', 'z'), r('_')],
  xdigit: [r('0', '9'), r('A', 'F'), r('a', 'f')],
};

export const inRanges = (ranges: readonly Range[], x: number): boolean => ranges.some(([lo, hi]) => x >= lo && x <= hi);
export const negate = (f: (r: number) => boolean) => (x: number) => !f(x);

/** \p{Name}: a general category, a script, or Any. */
export function unicodeClass(name: string): ((r: number) => boolean) | undefined {
  if (name === 'Any') return () => true;
  for (const property of [name, `Script=${name}`]) {
    try {
      const re = new RegExp(`^\\p{${property}}$`, 'u');
      return (x) => re.test(String.fromCodePoint(x));
    } catch {
      // Not this kind of property; try the next.
    }
  }
  return undefined;
}

export function classMatcher(items: Item[], fold: boolean, negated: boolean): (r: number) => boolean {
  const one = (x: number) => items.some((it) => (typeof it === 'function' ? it(x) : x >= it[0] && x <= it[1]));
  const match = fold ? (x: number) => one(x) || one(toLowerRune(x)) || one(toUpperRune(x)) : one;
  return negated ? negate(match) : match;
}
