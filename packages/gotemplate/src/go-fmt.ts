/**
 * Go's fmt printer for template values: each verb with its flags, width and
 * precision, applied element by element inside slices and maps, and the
 * in-band error %!d(string=x) for a verb that does not fit the value.
 */

import { type FloatFormat, formatFloat } from './go-float.js';
import { canBackquote, quote, quoteRune } from './go-strconv.js';
import { compareStrings, isPrint, runes, utf8 } from './go-unicode.js';
import { GoInt, type GoValue, isNilContainer, typeName } from './go-values.js';

export class Printer {
  out = '';
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid: number | undefined;
  prec: number | undefined;
  /** The operand being printed, for %!verb(type=value). */
  #arg: GoValue = undefined;

  clearFlags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = this.plusV = this.sharpV = false;
    this.wid = this.prec = undefined;
  }

  padding(n: number, zero = this.zero): string {
    return n > 0 ? (zero ? '0' : ' ').repeat(n) : '';
  }

  pad(s: string): void {
    if (this.wid === undefined || this.wid === 0) {
      this.out += s;
      return;
    }
    const fill = this.wid - runes(s).length;
    this.out += this.minus ? s + this.padding(fill, false) : this.padding(fill) + s;
  }

  printArg(arg: GoValue, verb: string): void {
    this.#arg = arg;
    if (arg === undefined || arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.pad(this.truncate(typeName(arg)));
      return;
    }
    this.printValue(arg, verb, 0);
  }

  printValue(v: GoValue, verb: string, depth: number): void {
    if (depth > 0) this.#arg = v;
    if (v === undefined || v === null) {
      this.out += this.sharpV ? 'interface {}(nil)' : '<nil>';
      return;
    }
    if (typeof v === 'boolean') {
      if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
      else this.badVerb(verb);
    } else if (typeof v === 'number') this.printFloat(v, verb);
    else if (typeof v === 'string') this.printString(v, verb);
    else if (v instanceof GoInt) this.printInt(v, verb);
    else this.printContainer(v, verb, depth);
  }

  printContainer(v: GoValue[] | { [key: string]: GoValue }, verb: string, depth: number): void {
    const type = typeName(v);
    if (this.sharpV && isNilContainer(v)) {
      this.out += `${type}(nil)`;
      return;
    }
    const entries: [string | undefined, GoValue][] = Array.isArray(v)
      ? v.map((x) => [undefined, x])
      : Object.keys(v)
          .sort(compareStrings)
          .map((k) => [k, v[k]]);
    this.out += this.sharpV ? `${type}{` : Array.isArray(v) ? '[' : 'map[';
    entries.forEach(([key, value], i) => {
      if (i > 0) this.out += this.sharpV ? ', ' : ' ';
      if (key !== undefined) {
        this.printValue(key, verb, depth + 1);
        this.out += ':';
      }
      this.printValue(value, verb, depth + 1);
    });
    this.out += this.sharpV ? '}' : ']';
  }

  badVerb(verb: string): void {
    const arg = this.#arg;
    this.out += `%!${verb}(`;
    if (arg === undefined || arg === null) this.out += '<nil>';
    else {
      this.out += `${typeName(arg)}=`;
      this.printArg(arg, 'v');
    }
    this.out += ')';
  }

  printString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        this.sharpV ? this.quoted(s) : this.pad(this.truncate(s));
        return;
      case 's':
        this.pad(this.truncate(s));
        return;
      case 'q':
        this.quoted(s);
        return;
      case 'x':
      case 'X':
        this.hexBytes(utf8(s), verb);
        return;
      default:
        this.badVerb(verb);
        return;
    }
  }

  truncate(s: string): string {
    if (this.prec === undefined) return s;
    const r = runes(s);
    return r.length > this.prec ? String.fromCodePoint(...r.slice(0, this.prec)) : s;
  }

  quoted(s: string): void {
    s = this.truncate(s);
    this.pad(this.sharp && canBackquote(s) ? `\`${s}\`` : quote(s, this.plus));
  }

  hexBytes(bytes: Uint8Array, verb: string): void {
    const n = this.prec !== undefined ? Math.min(this.prec, bytes.length) : bytes.length;
    const digits = verb === 'x' ? '0123456789abcdef' : '0123456789ABCDEF';
    const prefix = verb === 'x' ? '0x' : '0X';
    let s = '';
    for (let i = 0; i < n; i++) {
      const b = bytes[i] ?? 0;
      if (this.space && i > 0) s += ' ';
      if (this.sharp && (this.space || i === 0)) s += prefix;
      s += (digits[b >> 4] ?? '') + (digits[b & 15] ?? '');
    }
    this.pad(s);
  }

  printInt(v: GoInt, verb: string): void {
    const unsigned = v.type.startsWith('u');
    switch (verb) {
      case 'v':
        this.sharpV && unsigned ? this.integer(v.value, 16, verb, true) : this.integer(v.value, 10, verb);
        return;
      case 'd':
        this.integer(v.value, 10, verb);
        return;
      case 'b':
        this.integer(v.value, 2, verb);
        return;
      case 'o':
      case 'O':
        this.integer(v.value, 8, verb);
        return;
      case 'x':
      case 'X':
        this.integer(v.value, 16, verb);
        return;
      case 'c':
        this.pad(String.fromCodePoint(validRune(v.value)));
        return;
      case 'q':
        this.pad(quoteRune(validRune(v.value), this.plus));
        return;
      case 'U':
        this.unicode(v.value);
        return;
      default:
        this.badVerb(verb);
        return;
    }
  }

  integer(value: bigint, base: number, verb: string, forceSharp = false): void {
    const negative = value < 0n;
    const u = negative ? -value : value;
    let prec = 0;
    if (this.prec !== undefined) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        this.out += this.padding(this.wid ?? 0, false);
        return;
      }
    } else if (this.zero && this.wid !== undefined) {
      prec = this.wid - (negative || this.plus || this.space ? 1 : 0);
    }
    let digits = u.toString(base);
    if (verb === 'X') digits = digits.toUpperCase();
    digits = digits.padStart(prec, '0');
    if (this.sharp || forceSharp) {
      if (base === 2) digits = `0b${digits}`;
      else if (base === 8 && !digits.startsWith('0')) digits = `0${digits}`;
      else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = `0o${digits}`;
    const sign = negative ? '-' : this.plus ? '+' : this.space ? ' ' : '';
    const zero = this.zero;
    this.zero = false;
    this.pad(sign + digits);
    this.zero = zero;
  }

  unicode(value: bigint): void {
    let s = `U+${(value < 0n ? BigInt.asUintN(64, value) : value)
      .toString(16)
      .toUpperCase()
      .padStart(Math.max(4, this.prec ?? 0), '0')}`;
    const r = Number(value);
    if (this.sharp && value >= 0n && value <= 0x10ffffn && isPrint(r)) s += ` '${String.fromCodePoint(r)}'`;
    const zero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = zero;
  }

  printFloat(v: number, verb: string): void {
    const formats: Record<string, [FloatFormat, number]> = {
      v: ['g', -1],
      g: ['g', -1],
      G: ['G', -1],
      e: ['e', 6],
      E: ['E', 6],
      f: ['f', 6],
      F: ['f', 6],
      b: ['b', -1],
      x: ['x', -1],
      X: ['X', -1],
    };
    const chosen = formats[verb];
    if (!chosen) {
      this.badVerb(verb);
      return;
    }
    const [fmt, defaultPrec] = chosen;
    const prec = this.prec ?? defaultPrec;
    let num = formatFloat(v, fmt, prec);
    if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
    if (this.space && num[0] === '+' && !this.plus) num = ` ${num.slice(1)}`;
    if (num[1] === 'I' || num[1] === 'N') {
      const zero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = zero;
      return;
    }
    if (this.sharp && verb !== 'b') num = keepPoint(num, verb === 'v' ? 'g' : verb, prec);
    if (this.plus || num[0] !== '+') {
      if (this.zero && this.wid !== undefined && this.wid > num.length) {
        this.out += num[0] + this.padding(this.wid - num.length, true) + num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }
}

/** The # flag on floats: always a decimal point; for %g (and Go's quirk, %x) trailing zeros up to the precision. */
function keepPoint(num: string, verb: string, prec: number): string {
  let digits = verb === 'g' || verb === 'G' || verb === 'x' ? (prec === -1 ? 6 : prec) : 0;
  let body = num;
  let tail = '';
  let point = false;
  let nonzero = false;
  for (let i = 1; i < body.length; i++) {
    const c = body[i];
    if (c === '.') point = true;
    else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
      tail = body.slice(i);
      body = body.slice(0, i);
      break;
    } else {
      if (c !== '0') nonzero = true;
      if (nonzero) digits--;
    }
  }
  if (!point) {
    if (body.length === 2 && body[1] === '0') digits--;
    body += '.';
  }
  return body + '0'.repeat(Math.max(digits, 0)) + tail;
}

function validRune(v: bigint): number {
  return v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn) ? 0xfffd : Number(v);
}
