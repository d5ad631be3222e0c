/**
 * Go's regexp API (MatchString, FindString, FindAllString, ReplaceAllString,
 * Split) on a Pike VM: every thread advances in step, so matching takes time
 * linear in the input whatever the pattern, with Go's leftmost-first choice
 * among matches and its rules for empty matches.
 */

import { toLowerRune, toUpperRune } from './go-unicode.js';
import { isWordChar, parseRegex, type RegexNode, RegexSyntaxError } from './regexp-parse.js';

type Inst =
  | { op: 'char'; match: (r: number) => boolean; next: number }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; n: number; next: number }
  | { op: 'assert'; kind: 'bot' | 'eot' | 'bol' | 'eol' | 'wb' | 'nwb'; next: number }
  | { op: 'match' };

const MAX_PROGRAM = 100_000;

class Compiler {
  readonly prog: Inst[] = [];

  constructor(readonly expr: string) {}

  emit(inst: Inst): number {
    if (this.prog.length >= MAX_PROGRAM)
      throw new RegexSyntaxError(`error parsing regexp: expression too large: \`${this.expr}\``);
    this.prog.push(inst);
    return this.prog.length - 1;
  }

  /** Emits `node`; every instruction's `next` points to the following one unless patched. */
  node(n: RegexNode): void {
    const here = () => this.prog.length;
    switch (n.t) {
      case 'empty':
        return;
      case 'char': {
        const { r, fold } = n;
        const match = fold
          ? (x: number) => x === r || toLowerRune(x) === toLowerRune(r) || toUpperRune(x) === toUpperRune(r)
          : (x: number) => x === r;
        this.emit({ op: 'char', match, next: here() + 1 });
        return;
      }
      case 'class':
        this.emit({ op: 'char', match: n.match, next: here() + 1 });
        return;
      case 'any':
        this.emit({ op: 'char', match: n.nl ? () => true : (x) => x !== 10, next: here() + 1 });
        return;
      case 'assert':
        this.emit({ op: 'assert', kind: n.kind, next: here() + 1 });
        return;
      case 'cat':
        for (const sub of n.subs) this.node(sub);
        return;
      case 'cap':
        this.emit({ op: 'save', n: 2 * n.index, next: here() + 1 });
        this.node(n.sub);
        this.emit({ op: 'save', n: 2 * n.index + 1, next: here() + 1 });
        return;
      case 'alt': {
        const jumps: Inst[] = [];
        n.subs.forEach((sub, i) => {
          if (i === n.subs.length - 1) {
            this.node(sub);
            return;
          }
          const split = { op: 'split', x: 0, y: 0 } as Inst & { op: 'split' };
          this.emit(split);
          split.x = here();
          this.node(sub);
          const jmp = { op: 'jmp', x: 0 } as Inst & { op: 'jmp' };
          this.emit(jmp);
          jumps.push(jmp);
          split.y = here();
        });
        for (const j of jumps) (j as { x: number }).x = here();
        return;
      }
      case 'rep':
        this.repeat(n.sub, n.min, n.max, n.greedy);
    }
  }

  /**
   * x{min,max} as Go simplifies and compiles it: x{n,} is n-1 copies and x+,
   * x{n,m} n copies and m-n nested optional ones, and a star (or an open
   * repeat) of something that can match empty is (x+)?, which gives Go's
   * priority among empty and non-empty iterations.
   */
  repeat(sub: RegexNode, min: number, max: number, greedy: boolean): void {
    const here = () => this.prog.length;
    const split = (body: number, exit: number): Inst =>
      greedy ? { op: 'split', x: body, y: exit } : { op: 'split', x: exit, y: body };
    if (sub.t === 'empty' || (min === 0 && max === 0)) return;
    if (max < 0) {
      for (let i = 0; i < min - 1; i++) this.node(sub);
      if (min === 0 && !nullable(sub)) {
        const loop = this.emit({ op: 'jmp', x: 0 });
        const start = here();
        this.node(sub);
        this.emit({ op: 'jmp', x: loop });
        this.prog[loop] = split(start, here());
        return;
      }
      const quest = min === 0 ? this.emit({ op: 'jmp', x: 0 }) : -1;
      const start = here();
      this.node(sub);
      this.emit(split(start, here() + 1));
      if (quest >= 0) this.prog[quest] = split(start, here());
      return;
    }
    for (let i = 0; i < min; i++) this.node(sub);
    const splits: number[] = [];
    for (let i = min; i < max; i++) {
      splits.push(this.emit({ op: 'jmp', x: 0 }));
      this.node(sub);
    }
    const exit = here();
    for (const s of splits) this.prog[s] = split(s + 1, exit);
  }
}

/** Whether a node can match the empty string (Go's frag.nullable). */
function nullable(n: RegexNode): boolean {
  switch (n.t) {
    case 'char':
    case 'class':
    case 'any':
      return false;
    case 'cat':
      return n.subs.every(nullable);
    case 'alt':
      return n.subs.some(nullable);
    case 'rep':
      return n.min === 0 || nullable(n.sub);
    case 'cap':
      return nullable(n.sub);
    default:
      return true;
  }
}

interface Thread {
  pc: number;
  caps: number[];
}

/** A compiled Go regular expression. */
export class GoRegexp {
  readonly prog: Inst[];
  readonly names: string[];

  constructor(readonly expr: string) {
    const parsed = parseRegex(expr);
    const compiler = new Compiler(expr);
    compiler.emit({ op: 'save', n: 0, next: 1 });
    compiler.node(parsed.node);
    compiler.emit({ op: 'save', n: 1, next: compiler.prog.length + 1 });
    compiler.emit({ op: 'match' });
    this.prog = compiler.prog;
    this.names = parsed.names;
  }

  /** The leftmost-first match at or after `start`: [start, end, group starts and ends…] (-1 when unset), or null. */
  exec(input: readonly number[], start: number): number[] | null {
    const prog = this.prog;
    const visited = new Int32Array(prog.length).fill(-1);
    const ncap = this.names.length * 2;
    let clist: Thread[] = [];
    let matched: number[] | null = null;
    for (let pos = start; pos <= input.length; pos++) {
      if (matched === null) this.add(clist, 0, pos, new Array<number>(ncap).fill(-1), input, visited);
      if (clist.length === 0) {
        if (matched !== null) break;
        continue;
      }
      const r = pos < input.length ? (input[pos] as number) : -1;
      const nlist: Thread[] = [];
      for (const th of clist) {
        const inst = prog[th.pc] as Inst;
        if (inst.op === 'match') {
          matched = th.caps;
          break;
        }
        if (inst.op === 'char' && r >= 0 && inst.match(r)) this.add(nlist, inst.next, pos + 1, th.caps, input, visited);
      }
      clist = nlist;
    }
    return matched;
  }

  /** Follows empty transitions from `pc` at `pos`, adding the threads that wait for a rune (or match) to `list`. */
  add(list: Thread[], pc0: number, pos: number, caps0: number[], input: readonly number[], visited: Int32Array): void {
    const stack: Thread[] = [{ pc: pc0, caps: caps0 }];
    while (stack.length > 0) {
      const { pc, caps } = stack.pop() as Thread;
      if (visited[pc] === pos) continue;
      visited[pc] = pos;
      const inst = this.prog[pc] as Inst;
      switch (inst.op) {
        case 'jmp':
          stack.push({ pc: inst.x, caps });
          break;
        case 'split':
          stack.push({ pc: inst.y, caps }, { pc: inst.x, caps });
          break;
        case 'save': {
          const copy = caps.slice();
          copy[inst.n] = pos;
          stack.push({ pc: inst.next, caps: copy });
          break;
        }
        case 'assert':
          if (holds(inst.kind, input, pos)) stack.push({ pc: inst.next, caps });
          break;
        default:
          list.push({ pc, caps });
      }
    }
  }

  /** Go's allMatches: successive non-overlapping matches; an empty one right after a match does not count. */
  allMatches(input: readonly number[], n: number): number[][] {
    const out: number[][] = [];
    let prevEnd = -1;
    for (let pos = 0; out.length < n && pos <= input.length; ) {
      const m = this.exec(input, pos);
      if (m === null) break;
      const [s = 0, e = 0] = m;
      let accept = true;
      if (e === pos) {
        if (s === prevEnd) accept = false;
        pos++;
      } else pos = e;
      prevEnd = e;
      if (accept) out.push(m);
    }
    return out;
  }
}

function holds(kind: string, input: readonly number[], pos: number): boolean {
  const prev = pos > 0 ? (input[pos - 1] as number) : -1;
  const next = pos < input.length ? (input[pos] as number) : -1;
  switch (kind) {
    case 'bot':
      return pos === 0;
    case 'eot':
      return pos === input.length;
    case 'bol':
      return pos === 0 || prev === 10;
    case 'eol':
      return pos === input.length || next === 10;
    case 'wb':
      return isWordChar(prev) !== isWordChar(next);
    default:
      return isWordChar(prev) === isWordChar(next);
  }
}

/** A string as runes, and the code unit offset of each rune boundary for slicing. */
export class RuneText {
  readonly runes: number[] = [];
  readonly offsets: number[] = [];

  constructor(readonly text: string) {
    let i = 0;
    for (const ch of text) {
      this.offsets.push(i);
      const r = ch.codePointAt(0) ?? 0xfffd;
      this.runes.push(r >= 0xd800 && r <= 0xdfff ? 0xfffd : r);
      i += ch.length;
    }
    this.offsets.push(i);
  }

  slice(from: number, to: number): string {
    return this.text.slice(this.offsets[from], this.offsets[to]);
  }
}
