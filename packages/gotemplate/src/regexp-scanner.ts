/**
 * The cursor of the regexp parser and the parts of Go's syntax that read
 * escapes and bracketed classes: \d, \pL, \x{263a}, \101, [a-z[:digit:]].
 */

import { isDigit, isLetter } from './go-unicode.js';
import { classMatcher, type Item, inRanges, negate, PERL, POSIX, type Range, unicodeClass } from './regexp-classes.js';

/** A pattern Go would refuse; the message is Go's. */
export class RegexSyntaxError extends Error {}

export interface Flags {
  fold: boolean;
  oneLine: boolean;
  dotNL: boolean;
  nonGreedy: boolean;
}

export type ClassNode = { t: 'class'; match: (r: number) => boolean };

export const cp = (c: string): number => c.codePointAt(0) ?? 0;

export class RegexScanner {
  readonly p: number[];
  i = 0;

  constructor(readonly expr: string) {
    this.p = [...expr].map(cp);
  }

  text(from: number, to = this.i): string {
    return String.fromCodePoint(...this.p.slice(from, to));
  }

  fail(code: string, text: string): never {
    throw new RegexSyntaxError(`error parsing regexp: ${code}: \`${text}\``);
  }

  peek(k = 0): string | undefined {
    const c = this.p[this.i + k];
    return c === undefined ? undefined : String.fromCodePoint(c);
  }

  classEscape(start: number): Item | undefined {
    const c = this.peek();
    if (c !== undefined && 'dswDSW'.includes(c)) {
      this.i++;
      const ranges = PERL[c.toLowerCase()] as Range[];
      const f = (x: number) => inRanges(ranges, x);
      return c === c.toUpperCase() ? negate(f) : f;
    }
    if (c !== 'p' && c !== 'P') return undefined;
    this.i++;
    let name: string;
    if (this.peek() === '{') {
      const close = this.p.indexOf(cp('}'), this.i);
      if (close < 0) this.fail('invalid character class range', this.text(start, this.p.length));
      name = this.text(this.i + 1, close);
      this.i = close + 1;
    } else {
      if (this.peek() === undefined) this.fail('invalid character class range', this.text(start));
      name = this.peek() as string;
      this.i++;
    }
    let negated = c === 'P';
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const f = unicodeClass(name);
    if (!f) this.fail('invalid character class range', this.text(start));
    return negated ? negate(f) : f;
  }

  /** A single-rune escape (\n, \x41, \x{263a}, \101, \.); the cursor is after the backslash. */
  escapedRune(start: number): number {
    const c = this.peek() as string;
    this.i++;
    const named: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (named[c] !== undefined) return named[c] as number;
    if (c >= '0' && c <= '7' && (c === '0' || /[0-7]/.test(this.peek() ?? ''))) {
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(this.peek() ?? '')) {
        digits += this.peek() ?? '';
        this.i++;
      }
      return Number.parseInt(digits, 8);
    }
    if (c === 'x') {
      if (this.peek() === '{') {
        const close = this.p.indexOf(cp('}'), this.i);
        const hex = close < 0 ? '' : this.text(this.i + 1, close);
        if (!/^[0-9a-fA-F]+$/.test(hex) || Number.parseInt(hex, 16) > 0x10ffff)
          this.fail('invalid escape sequence', this.text(start, close < 0 ? this.p.length : close + 1));
        this.i = close + 1;
        return Number.parseInt(hex, 16);
      }
      const hex = this.text(this.i, this.i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        this.fail('invalid escape sequence', this.text(start, Math.min(this.i + 2, this.p.length)));
      this.i += 2;
      return Number.parseInt(hex, 16);
    }
    const r = cp(c);
    if (r < 0x80 && !isLetter(r) && !isDigit(r)) return r;
    return this.fail('invalid escape sequence', this.text(start));
  }

  charClass(flags: Flags, start: number): ClassNode {
    const items: Item[] = [];
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    let first = true;
    while (this.peek() !== ']' || first) {
      first = false;
      if (this.peek() === undefined) this.fail('missing closing ]', this.text(start, this.p.length));
      if (this.peek() === '[' && this.peek(1) === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.text(this.i, Math.min(this.p.length, this.i + 12)));
        if (m) {
          const ranges = Object.hasOwn(POSIX, m[2] ?? '') ? POSIX[m[2] ?? ''] : undefined;
          if (!ranges) this.fail('invalid character class range', m[0]);
          const f = (x: number) => inRanges(ranges, x);
          items.push(m[1] ? negate(f) : f);
          this.i += m[0].length;
          continue;
        }
      }
      const rangeStart = this.i;
      if (this.peek() === '\\') {
        this.i++;
        const cls = this.classEscape(rangeStart);
        if (cls) {
          items.push(cls);
          continue;
        }
        this.i = rangeStart;
      }
      const lo = this.classChar(start);
      let hi = lo;
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.i++;
        hi = this.classChar(start);
        if (hi < lo) this.fail('invalid character class range', this.text(rangeStart));
      }
      items.push([lo, hi]);
    }
    this.i++;
    return { t: 'class', match: classMatcher(items, flags.fold, negated) };
  }

  classChar(start: number): number {
    const c = this.peek();
    if (c === undefined) this.fail('missing closing ]', this.text(start, this.p.length));
    if (c === '\\') {
      const at = this.i;
      this.i++;
      if (this.peek() === undefined) this.fail('missing closing ]', this.text(start, this.p.length));
      return this.escapedRune(at);
    }
    this.i++;
    return cp(c);
  }
}
