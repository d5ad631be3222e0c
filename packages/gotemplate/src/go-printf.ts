/**
 * fmt.Sprint (what an action prints), Sprintln and Sprintf over template
 * values, Sprintf's format strings with argument indexes and its in-band
 * errors (%!v(MISSING), %!(EXTRA …), %!(NOVERB)).
 */

import { Printer } from './go-fmt.js';
import { GoInt, type GoValue, typeName } from './go-values.js';

const TOO_LARGE = 1_000_000;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Reads a decimal number at `i`; Go gives up beyond 1e6. */
function parseNum(s: string, i: number, end: number): { num: number; ok: boolean; next: number } {
  if (i >= end) return { num: 0, ok: false, next: end };
  let num = 0;
  let ok = false;
  let j = i;
  for (; j < end && isDigit(s[j]); j++) {
    if (num > TOO_LARGE) return { num: 0, ok: false, next: end };
    num = num * 10 + (s.charCodeAt(j) - 48);
    ok = true;
  }
  return { num, ok, next: j };
}

/** A width or precision taken from an operand (`*`): it must be an integer. */
function intFromArg(args: readonly GoValue[], n: number): { num: number; ok: boolean; next: number } {
  const arg = args[n];
  if (n >= args.length || !(arg instanceof GoInt)) return { num: 0, ok: false, next: n + (n < args.length ? 1 : 0) };
  const value = Number(BigInt.asIntN(64, arg.value));
  if (Math.abs(value) > TOO_LARGE) return { num: 0, ok: false, next: n + 1 };
  return { num: value, ok: true, next: n + 1 };
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;

  /** An explicit [n] operand index at `i`, if any. */
  const argNumber = (i: number): { i: number; found: boolean } => {
    if (i >= end || format[i] !== '[') return { i, found: false };
    reordered = true;
    const close = format.indexOf(']', i + 1);
    if (end - i < 3 || close < 0) {
      goodArgNum = false;
      return { i: i + 1, found: false };
    }
    const { num, ok, next } = parseNum(format, i + 1, close);
    if (!ok || next !== close) {
      goodArgNum = false;
      return { i: close + 1, found: false };
    }
    if (num - 1 >= 0 && num - 1 < args.length) {
      argNum = num - 1;
      return { i: close + 1, found: true };
    }
    goodArgNum = false;
    return { i: close + 1, found: true };
  };

  for (let i = 0; i < end; ) {
    goodArgNum = true;
    const start = i;
    while (i < end && format[i] !== '%') i++;
    if (i > start) p.out += format.slice(start, i);
    if (i >= end) break;
    i++;
    p.clearFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          p.sharp = true;
          break;
        case '0':
          p.zero = !p.minus;
          break;
        case '+':
          p.plus = true;
          break;
        case '-':
          p.minus = true;
          p.zero = false;
          break;
        case ' ':
          p.space = true;
          break;
        default:
          break flags;
      }
    }
    let index = argNumber(i);
    i = index.i;
    let afterIndex = index.found;
    if (format[i] === '*') {
      i++;
      const w = intFromArg(args, argNum);
      argNum = w.next;
      if (w.ok) {
        p.wid = Math.abs(w.num);
        if (w.num < 0) {
          p.minus = true;
          p.zero = false;
        }
      } else p.out += '%!(BADWIDTH)';
      afterIndex = false;
    } else {
      const w = parseNum(format, i, end);
      if (w.ok) p.wid = w.num;
      i = w.next;
      if (afterIndex && w.ok) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      index = argNumber(i);
      i = index.i;
      afterIndex = index.found;
      if (format[i] === '*') {
        i++;
        const w = intFromArg(args, argNum);
        argNum = w.next;
        if (w.ok && w.num >= 0) p.prec = w.num;
        else p.out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const w = parseNum(format, i, end);
        p.prec = w.ok ? w.num : 0;
        i = w.next;
      }
    }
    if (!afterIndex) {
      index = argNumber(i);
      i = index.i;
      afterIndex = index.found;
    }
    if (i >= end) {
      p.out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    if (verb === '%') p.out += '%';
    else if (!goodArgNum) p.out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) p.out += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v') {
        p.sharpV = p.sharp;
        p.sharp = false;
        p.plusV = p.plus;
        p.plus = false;
      }
      p.printArg(args[argNum], verb);
      argNum++;
    }
  }
  if (!reordered && argNum < args.length) {
    p.clearFlags();
    p.out += '%!(EXTRA ';
    args.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.out += ', ';
      if (arg === undefined || arg === null) p.out += '<nil>';
      else {
        p.out += `${typeName(arg)}=`;
        p.printArg(arg, 'v');
      }
    });
    p.out += ')';
  }
  return p.out;
}

/** fmt.Sprint: operands side by side, a space between two that are not strings. */
export function sprint(args: readonly GoValue[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') p.out += ' ';
    p.printArg(arg, 'v');
  });
  return p.out;
}

/** fmt.Sprintln: operands separated by spaces, then a newline. */
export function sprintln(args: readonly GoValue[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.out += ' ';
    p.printArg(arg, 'v');
  });
  return `${p.out}\n`;
}
