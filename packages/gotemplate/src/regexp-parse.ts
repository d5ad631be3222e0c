/**
 * Go's regular expression syntax (RE2, regexp/syntax with Perl flags) parsed
 * into a tree for the matcher in regexp-vm.ts. chatkube matches regular
 * expressions itself rather than with JavaScript's RegExp: the syntax and the
 * semantics (leftmost-first, `.` and `\s`, flags anywhere) are Go's, and the
 * time is linear, so no pattern can hang the agent.
 */

import { classMatcher } from './regexp-classes.js';
import { cp, type Flags, RegexScanner } from './regexp-scanner.js';

export { isWordChar } from './regexp-classes.js';
export { RegexSyntaxError } from './regexp-scanner.js';

export type RegexNode =
  | { t: 'empty' }
  | { t: 'char'; r: number; fold: boolean }
  | { t: 'class'; match: (r: number) => boolean }
  | { t: 'any'; nl: boolean }
  | { t: 'assert'; kind: 'bot' | 'eot' | 'bol' | 'eol' | 'wb' | 'nwb' }
  | { t: 'cat'; subs: RegexNode[] }
  | { t: 'alt'; subs: RegexNode[] }
  | { t: 'rep'; sub: RegexNode; min: number; max: number; greedy: boolean }
  | { t: 'cap'; sub: RegexNode; index: number };

const MAX_REPEAT = 1000;
const MAX_DEPTH = 1000;

class RegexParser extends RegexScanner {
  caps = 0;
  names: string[] = [''];
  depth = 0;

  parse(): RegexNode {
    const flags: Flags = { fold: false, oneLine: true, dotNL: false, nonGreedy: false };
    const node = this.alternation(flags);
    if (this.i < this.p.length) this.fail('unexpected )', this.expr);
    return node;
  }

  alternation(flags: Flags): RegexNode {
    if (++this.depth > MAX_DEPTH) this.fail('expression nests too deeply', this.expr);
    const subs = [this.concat(flags)];
    while (this.peek() === '|') {
      this.i++;
      subs.push(this.concat(flags));
    }
    this.depth--;
    return subs.length === 1 ? (subs[0] as RegexNode) : { t: 'alt', subs };
  }

  concat(flags: Flags): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      const start = this.i;
      if (c === '*' || c === '+' || c === '?' || (c === '{' && this.repeatAt() !== undefined)) {
        const last = items.length > 0 ? items[items.length - 1] : undefined;
        const [min, max] = c === '{' ? (this.repeatAt() as [number, number]) : c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
        this.i = c === '{' ? (this.repeatEnd as number) : this.i + 1;
        if (c === '{' && (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)))
          this.fail('invalid repeat count', this.text(start));
        let greedy = !flags.nonGreedy;
        if (this.peek() === '?') {
          this.i++;
          greedy = !greedy;
        }
        if (last === undefined || last.t === 'empty') this.fail('missing argument to repetition operator', this.text(start));
        if (this.lastRepeatStart !== undefined && this.lastRepeatEnd === start)
          this.fail('invalid nested repetition operator', this.text(this.lastRepeatStart));
        this.lastRepeatStart = start;
        this.lastRepeatEnd = this.i;
        items[items.length - 1] = repeatOf(last, min, max, greedy);
        continue;
      }
      if (c === '\\' && this.peek(1) === 'Q') {
        // \Q…\E: literal runes, each its own item, so that a repetition applies to the last one only.
        this.i += 2;
        const rest = this.text(this.i, this.p.length);
        const end = rest.indexOf('\\E');
        const literal = [...(end < 0 ? rest : rest.slice(0, end))];
        this.i += literal.length + (end < 0 ? 0 : 2);
        for (const ch of literal) items.push({ t: 'char', r: cp(ch), fold: flags.fold });
        continue;
      }
      const atom = this.atom(flags);
      if (atom) items.push(atom);
    }
    return items.length === 1 ? (items[0] as RegexNode) : { t: 'cat', subs: items };
  }

  lastRepeatStart: number | undefined;
  lastRepeatEnd: number | undefined;
  repeatEnd: number | undefined;

  /** {n}, {n,} or {n,m} at the cursor: [min, max] (max -1 when open), or undefined when `{` is a literal. */
  repeatAt(): [number, number] | undefined {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.text(this.i, Math.min(this.p.length, this.i + 40)));
    if (!m) return undefined;
    this.repeatEnd = this.i + m[0].length;
    const big = (s: string) => (s.length > 8 ? MAX_REPEAT + 1 : Number(s));
    const min = big(m[1] ?? '');
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : big(m[3] ?? '');
    return [min, max];
  }

  /** One atom; undefined for a flags-only group such as (?i), which changes `flags` for the rest of the group. */
  atom(flags: Flags): RegexNode | undefined {
    const c = this.peek() as string;
    const start = this.i;
    this.i++;
    switch (c) {
      case '(':
        return this.group(flags, start);
      case '[':
        return this.charClass(flags, start);
      case '.':
        return { t: 'any', nl: flags.dotNL };
      case '^':
        return { t: 'assert', kind: flags.oneLine ? 'bot' : 'bol' };
      case '$':
        return { t: 'assert', kind: flags.oneLine ? 'eot' : 'eol' };
      case '\\':
        return this.escape(flags, start);
    }
    return { t: 'char', r: cp(c), fold: flags.fold };
  }

  group(flags: Flags, start: number): RegexNode | undefined {
    if (this.peek() !== '?') {
      const index = ++this.caps;
      this.names.push('');
      return this.groupBody({ ...flags }, index);
    }
    this.i++;
    if (this.peek() === 'P' && this.peek(1) === '<') {
      const close = this.p.indexOf(cp('>'), this.i);
      if (close < 0) this.fail('invalid named capture', this.text(start, this.p.length));
      const name = this.text(this.i + 2, close);
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail('invalid named capture', this.text(start, close + 1));
      this.i = close + 1;
      const index = ++this.caps;
      this.names.push(name);
      return this.groupBody({ ...flags }, index);
    }
    const next: Flags = { ...flags };
    let negated = false;
    let saw = false;
    for (;;) {
      const f = this.peek();
      this.i++;
      if (f === 'i' || f === 'm' || f === 's' || f === 'U') {
        const on = !negated;
        if (f === 'i') next.fold = on;
        else if (f === 'm') next.oneLine = !on;
        else if (f === 's') next.dotNL = on;
        else next.nonGreedy = on;
        saw = true;
      } else if (f === '-' && !negated) {
        negated = true;
        saw = false;
      } else if ((f === ':' || f === ')') && !(negated && !saw)) {
        if (f === ')') {
          Object.assign(flags, next);
          return undefined;
        }
        return this.groupBody(next, 0);
      } else this.fail('invalid or unsupported Perl syntax', this.text(start, Math.min(this.i, this.p.length)));
    }
  }

  groupBody(flags: Flags, index: number): RegexNode {
    const sub = this.alternation(flags);
    if (this.peek() !== ')') this.fail('missing closing )', this.expr);
    this.i++;
    return index > 0 ? { t: 'cap', sub, index } : sub;
  }

  escape(flags: Flags, start: number): RegexNode {
    const c = this.peek();
    if (c === undefined) this.fail('trailing backslash at end of expression', '');
    const simple: Record<string, RegexNode> = {
      A: { t: 'assert', kind: 'bot' },
      z: { t: 'assert', kind: 'eot' },
      b: { t: 'assert', kind: 'wb' },
      B: { t: 'assert', kind: 'nwb' },
    };
    if (simple[c]) {
      this.i++;
      return simple[c];
    }
    const cls = this.classEscape(start);
    if (cls) return { t: 'class', match: classMatcher([cls], flags.fold, false) };
    return { t: 'char', r: this.escapedRune(start), fold: flags.fold };
  }

  /** \d \s \w (and negations) or \pX \p{Name} \PX at the backslash `start`; the cursor is after the backslash. */
}

/** A repetition, simplified as Go does: (?:x*)* is x*, a repeat of nothing is nothing. */
function repeatOf(sub: RegexNode, min: number, max: number, greedy: boolean): RegexNode {
  if (sub.t === 'empty') return sub;
  const simple = (m: number, x: number) => (m === 0 && x === -1) || (m === 1 && x === -1) || (m === 0 && x === 1);
  if (sub.t === 'rep' && sub.greedy === greedy && sub.min === min && sub.max === max && simple(min, max)) return sub;
  return { t: 'rep', sub, min, max, greedy };
}

export interface ParsedRegex {
  node: RegexNode;
  /** Capture groups, not counting the whole match. */
  caps: number;
  /** Names of the groups; "" for the whole match and unnamed ones. */
  names: string[];
}

export function parseRegex(expr: string): ParsedRegex {
  const parser = new RegexParser(expr);
  const node = parser.parse();
  return { node, caps: parser.caps, names: parser.names };
}
