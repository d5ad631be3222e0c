/**
 * A number literal as Go's parser reads it: one literal may be an int, a
 * uint and a float at once (`3` is all three, `3.0` a float that is also an
 * int), which decides what typed parameters accept.
 */

import type { NumberNode } from './ast.js';
import { parseFloat64, parseInt64, parseUint64, quote, SyntaxFailure, unquote } from './go-strconv.js';

export type NumberValue = Omit<NumberNode, 'type' | 'pos'>;

/** The literal's values, or the parse error's message. */
export function parseNumber(text: string, isChar: boolean, isComplex: boolean): NumberValue | string {
  const n: NumberValue = { text, isInt: false, isUint: false, isFloat: false, int64: 0n, uint64: 0n, float64: 0 };
  if (isChar) {
    let r: string | number;
    try {
      r = unquote(text);
    } catch (error) {
      if (error instanceof SyntaxFailure) return error.message;
      throw error;
    }
    const value = typeof r === 'number' ? r : 0;
    return { ...n, isInt: true, isUint: true, isFloat: true, int64: BigInt(value), uint64: BigInt(value), float64: value };
  }
  // Complex numbers exist in Go templates but not here: nothing in JSON data can meet them.
  if (isComplex || (text.endsWith('i') && parseFloat64(text.slice(0, -1)) !== undefined))
    return `complex number ${quote(text)} is not supported by chatkube`;
  const u = parseUint64(text);
  if (u !== undefined) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseInt64(text);
  if (i !== undefined) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${quote(text)}`;
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${quote(text)}`;
  return n;
}
