/**
 * What a template function is: Go's typed parameters (which decide how an
 * argument is checked, exactly as text/template's evalArg does) and a body.
 */

import { GoInt, type GoValue } from './go-values.js';

/**
 * A Go parameter type. `any` is interface{} (a nil arrives as null), `value`
 * is reflect.Value (the builtins: the argument arrives as it is, undefined
 * when invalid), `map` is map[string]interface{} (a nil map arrives as null).
 */
export type ParamType = 'any' | 'value' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | 'map';

export const PARAM_TYPE_NAMES: Record<ParamType, string> = {
  any: 'interface {}',
  value: 'reflect.Value',
  string: 'string',
  int: 'int',
  int64: 'int64',
  float64: 'float64',
  bool: 'bool',
  map: 'map[string]interface {}',
};

export interface FuncDef {
  readonly params: readonly ParamType[];
  /** The element type of a final `...T` parameter. */
  readonly variadic?: ParamType;
  /** The body; throws {@link FuncError} for what Go reports as `error calling <name>: …`. */
  readonly call: (...args: GoValue[]) => GoValue;
}

/** A Go function's error (or recovered panic); the text is Go's. */
export class FuncError extends Error {}

export type FuncMap = Record<string, FuncDef>;

/** Shorthand for a definition. */
export function fn(params: readonly ParamType[], call: (...args: never[]) => GoValue, variadic?: ParamType): FuncDef {
  const body = call as (...args: GoValue[]) => GoValue;
  return variadic === undefined ? { params, call: body } : { params, variadic, call: body };
}

/** An int argument as a JavaScript number (it always fits: it came from an int parameter). */
export const n = (v: GoValue): number => (v instanceof GoInt ? Number(v.value) : Number(v));

/** Go's runtime error for a nil interface where sprig's reflection wants a type. */
export const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';
