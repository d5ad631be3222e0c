/**
 * sprig v3's numbers: spf13/cast's conversions (a failed one is 0), int64
 * arithmetic as Go does it (wrapping, truncating division), shopspring
 * decimal arithmetic for addf and friends, and integer sequences.
 */

import { FuncError, type FuncMap, fn, n } from './functions.js';
import { formatFloat } from './go-float.js';
import { sprint } from './go-printf.js';
import { parseFloat64, parseInt64 } from './go-strconv.js';
import { GoInt, type GoValue, int, typed } from './go-values.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
/** Sequences longer than this are refused rather than built. */
const MAX_SEQUENCE = 1_000_000;

/** cast's trimZeroDecimal: "12.00" reads as "12", "12.50" stays. */
function trimZeroDecimal(s: string): string {
  let zero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') return zero ? s.slice(0, i - 1) : s;
    if (c !== '0') return s;
    zero = true;
  }
  return s;
}

/** Go's int64(f): truncation; out of range (or NaN) is the most negative int64 on amd64. */
function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || Math.abs(f) >= 2 ** 63) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** cast.ToInt64 (ToInt is the same on 64-bit Go). */
export function toInt64(v: GoValue): bigint {
  if (v instanceof GoInt) return BigInt.asIntN(64, v.value);
  if (typeof v === 'number') return floatToInt64(v);
  if (typeof v === 'string') return parseInt64(trimZeroDecimal(v)) ?? 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return 0n;
}

export const toInt = (v: GoValue): number => Number(toInt64(v));

/** cast.ToFloat64. */
export function toFloat64(v: GoValue): number {
  if (v instanceof GoInt) return Number(v.value);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseFloat64(v) ?? 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

const i64 = (v: bigint): GoInt => int(v, 'int64');

/** strconv.Atoi with sprig's error swallowed: 0 for malformed text, the nearest bound when out of range. */
function atoi(s: string): GoInt {
  if (!/^[+-]?[0-9]+$/.test(s)) return int(0);
  const v = BigInt(s);
  return int(v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v);
}

function divide(a: GoValue, b: GoValue, op: 'div' | 'mod'): GoInt {
  const x = toInt64(a);
  const y = toInt64(b);
  if (y === 0n) throw new FuncError('runtime error: integer divide by zero');
  return i64(op === 'div' ? x / y : x % y);
}

function untilStep(start: number, stop: number, step: number): number[] {
  if (stop < start ? step >= 0 : step <= 0) return [];
  const count = Math.ceil(Math.abs((stop - start) / step));
  if (count > MAX_SEQUENCE) throw new FuncError(`sequence would be longer than ${MAX_SEQUENCE} elements`);
  const out: number[] = [];
  for (let i = start; stop < start ? i > stop : i < stop; i += step) out.push(i);
  return out;
}

const intList = (values: number[]): GoValue[] =>
  typed(
    values.map((v) => int(v)),
    '[]int',
  );

function seq(...params: GoValue[]): string {
  const p = params.map(n);
  let values: number[] = [];
  if (p.length === 1) {
    const end = p[0] ?? 0;
    const inc = end < 1 ? -1 : 1;
    values = untilStep(1, end + inc, inc);
  } else if (p.length === 2) {
    const [start = 0, end = 0] = p;
    const step = end < start ? -1 : 1;
    values = untilStep(start, end + step, step);
  } else if (p.length === 3) {
    const [start = 0, step = 0, end = 0] = p;
    const inc = end < start ? -1 : 1;
    if (end < start && step > 0) return '';
    values = untilStep(start, end + inc, step);
  }
  return values.join(' ');
}

/** sprig's round: up when the fraction is at least `roundOn` (0.5 by default). */
function round(a: GoValue, places: GoValue, ...roundOn: number[]): number {
  const on = roundOn[0] ?? 0.5;
  const pow = 10 ** n(places);
  const digit = pow * toFloat64(a);
  const fraction = digit - Math.trunc(digit);
  return (fraction >= on ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/** A shopspring decimal: value × 10^exp. */
interface Decimal {
  value: bigint;
  exp: number;
}

function decimalFromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new FuncError(`Cannot create a Decimal from ${formatFloat(f, 'g', -1)}`);
  if (f === 0) return { value: 0n, exp: 0 };
  const [mant = '', e = '0'] = Math.abs(f).toExponential().split('e');
  const digits = mant.replace('.', '');
  const value = BigInt(digits) * (f < 0 ? -1n : 1n);
  return { value, exp: Number(e) - (digits.length - 1) };
}

const pow10 = (k: number): bigint => 10n ** BigInt(k);
const align = (a: Decimal, b: Decimal): [bigint, bigint, number] => {
  const exp = Math.min(a.exp, b.exp);
  return [a.value * pow10(a.exp - exp), b.value * pow10(b.exp - exp), exp];
};

const DECIMAL_OPS: Record<string, (a: Decimal, b: Decimal) => Decimal> = {
  add: (a, b) => {
    const [x, y, exp] = align(a, b);
    return { value: x + y, exp };
  },
  sub: (a, b) => {
    const [x, y, exp] = align(a, b);
    return { value: x - y, exp };
  },
  mul: (a, b) => ({ value: a.value * b.value, exp: a.exp + b.exp }),
  // Div rounds to 16 decimal places, half away from zero.
  div: (a, b) => {
    if (b.value === 0n) throw new FuncError('decimal division by 0');
    const shift = a.exp - b.exp + 16;
    const num = shift >= 0 ? a.value * pow10(shift) : a.value;
    const den = shift >= 0 ? b.value : b.value * pow10(-shift);
    let q = num / den;
    const r = num - q * den;
    const abs = (x: bigint) => (x < 0n ? -x : x);
    if (2n * abs(r) >= abs(den)) q += num < 0n !== den < 0n ? -1n : 1n;
    return { value: q, exp: -16 };
  },
};

function decimalOp(op: string, first: GoValue, rest: GoValue[]): number {
  const f = DECIMAL_OPS[op] as (a: Decimal, b: Decimal) => Decimal;
  const result = rest.reduce((acc: Decimal, x) => f(acc, decimalFromFloat(toFloat64(x))), decimalFromFloat(toFloat64(first)));
  return Number(`${result.value}e${result.exp}`);
}

function extreme(pick: 'max' | 'min', a: GoValue, rest: GoValue[]): GoInt {
  let best = toInt64(a);
  for (const b of rest) {
    const v = toInt64(b);
    if (pick === 'max' ? v > best : v < best) best = v;
  }
  return i64(best);
}

export const NUMBER_FUNCTIONS: FuncMap = {
  atoi: fn(['string'], atoi),
  int64: fn(['any'], (v: GoValue) => i64(toInt64(v))),
  int: fn(['any'], (v: GoValue) => int(toInt64(v))),
  float64: fn(['any'], toFloat64),
  toDecimal: fn(['any'], (v: GoValue) => {
    const m = /^([+-]?)([0-7]+)$/.exec(sprint([v]));
    const value = m ? BigInt(`0o${m[2]}`) * (m[1] === '-' ? -1n : 1n) : 0n;
    return i64(value >= INT64_MIN && value <= INT64_MAX ? value : 0n);
  }),
  add1: fn(['any'], (v: GoValue) => i64(toInt64(v) + 1n)),
  add: fn([], (...v: GoValue[]) => i64(v.reduce((acc: bigint, x) => acc + toInt64(x), 0n)), 'any'),
  sub: fn(['any', 'any'], (a: GoValue, b: GoValue) => i64(toInt64(a) - toInt64(b))),
  div: fn(['any', 'any'], (a: GoValue, b: GoValue) => divide(a, b, 'div')),
  mod: fn(['any', 'any'], (a: GoValue, b: GoValue) => divide(a, b, 'mod')),
  mul: fn(
    ['any'],
    (a: GoValue, ...v: GoValue[]) => i64(v.reduce((acc: bigint, x) => BigInt.asIntN(64, acc * toInt64(x)), toInt64(a))),
    'any',
  ),
  max: fn(['any'], (a: GoValue, ...v: GoValue[]) => extreme('max', a, v), 'any'),
  biggest: fn(['any'], (a: GoValue, ...v: GoValue[]) => extreme('max', a, v), 'any'),
  min: fn(['any'], (a: GoValue, ...v: GoValue[]) => extreme('min', a, v), 'any'),
  maxf: fn(
    ['any'],
    (a: GoValue, ...v: GoValue[]) => v.reduce((acc: number, x) => Math.max(acc, toFloat64(x)), toFloat64(a)),
    'any',
  ),
  minf: fn(
    ['any'],
    (a: GoValue, ...v: GoValue[]) => v.reduce((acc: number, x) => Math.min(acc, toFloat64(x)), toFloat64(a)),
    'any',
  ),
  floor: fn(['any'], (a: GoValue) => Math.floor(toFloat64(a))),
  ceil: fn(['any'], (a: GoValue) => Math.ceil(toFloat64(a))),
  round: fn(['any', 'int'], round, 'float64'),
  add1f: fn(['any'], (a: GoValue) => decimalOp('add', a, [int(1)])),
  addf: fn([], (...v: GoValue[]) => decimalOp('add', 0, v), 'any'),
  subf: fn(['any'], (a: GoValue, ...v: GoValue[]) => decimalOp('sub', a, v), 'any'),
  mulf: fn(['any'], (a: GoValue, ...v: GoValue[]) => decimalOp('mul', a, v), 'any'),
  divf: fn(['any'], (a: GoValue, ...v: GoValue[]) => decimalOp('div', a, v), 'any'),
  until: fn(['int'], (c: GoValue) => intList(untilStep(0, n(c), n(c) < 0 ? -1 : 1))),
  untilStep: fn(['int', 'int', 'int'], (a: GoValue, b: GoValue, c: GoValue) => intList(untilStep(n(a), n(b), n(c)))),
  seq: fn([], seq, 'int'),
};
