/** text/template's predefined functions, with Go 1.19's semantics and error texts. */

import { FuncError, type FuncMap, fn } from './functions.js';
import { sprint, sprintf, sprintln } from './go-printf.js';
import { compareStrings, utf8 } from './go-unicode.js';
import { GoInt, type GoValue, int, isMap, isNilContainer, isTrue, kindOf, lengthOf, mapGet, typeName } from './go-values.js';

/** A nil interface held in a container is no value at all once looked through. */
const indirectInterface = (v: GoValue): GoValue => (v === null ? undefined : v);

function len(item: GoValue): GoValue {
  if (item === undefined) throw new FuncError('reflect: call of reflect.Value.Type on zero Value');
  if (item === null) throw new FuncError('len of nil pointer');
  const length = lengthOf(item);
  if (length === undefined) throw new FuncError(`len of type ${typeName(item)}`);
  return int(length);
}

function indexArg(index: GoValue, cap: number): number {
  if (!(index instanceof GoInt)) {
    if (index === undefined) throw new FuncError('cannot index slice/array with nil');
    throw new FuncError(`cannot index slice/array with type ${typeName(index)}`);
  }
  const x = index.value;
  if (x < 0n || x > BigInt(cap)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  item = indirectInterface(item);
  if (item === undefined) throw new FuncError('index of untyped nil');
  for (let key of indexes) {
    key = indirectInterface(key);
    if (item === null) throw new FuncError('index of nil pointer');
    if (typeof item === 'string') {
      const bytes = utf8(item);
      const i = indexArg(key, bytes.length);
      if (i === bytes.length) throw new FuncError('reflect: string index out of range');
      item = int(bytes[i] ?? 0, 'uint8');
    } else if (Array.isArray(item)) {
      const i = indexArg(key, item.length);
      if (i === item.length) throw new FuncError('reflect: slice index out of range');
      item = item[i];
    } else if (isMap(item)) {
      if (key === undefined) throw new FuncError('value is nil; should be of type string');
      if (typeof key !== 'string') throw new FuncError(`value has type ${typeName(key)}; should be string`);
      const found = mapGet(item, key);
      // A missing key gives the zero value of the map's element type.
      item = found !== undefined ? found : typeName(item) === 'map[string]string' ? '' : null;
    } else throw new FuncError(`can't index item of type ${typeName(item)}`);
  }
  return item;
}

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid';

function basicKind(v: GoValue): BasicKind {
  const kind = kindOf(v);
  return kind === 'bool' || kind === 'int' || kind === 'uint' || kind === 'float' || kind === 'string' ? kind : 'invalid';
}

const BAD_COMPARISON = 'incompatible types for comparison';
const BAD_COMPARISON_TYPE = 'invalid type for comparison';

const intOf = (v: GoValue): bigint => (v as GoInt).value;
const uintOf = (v: GoValue): bigint => BigInt.asUintN(64, (v as GoInt).value);

function eq(arg1: GoValue, ...arg2: GoValue[]): boolean {
  arg1 = indirectInterface(arg1);
  if (arg2.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let arg of arg2) {
    arg = indirectInterface(arg);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = intOf(arg1) >= 0n && intOf(arg1) === uintOf(arg);
      else if (k1 === 'uint' && k2 === 'int') truth = intOf(arg) >= 0n && uintOf(arg1) === intOf(arg);
      else if (arg1 !== undefined && arg !== undefined) throw new FuncError(BAD_COMPARISON);
    } else if (k1 === 'int') truth = intOf(arg1) === intOf(arg);
    else if (k1 === 'uint') truth = uintOf(arg1) === uintOf(arg);
    else if (k1 !== 'invalid') truth = arg1 === arg;
    else truth = compareOthers(arg1, arg);
    if (truth) return true;
  }
  return false;
}

/** eq on what is not a basic kind: no value, slices and maps (equal only when both are nil). */
function compareOthers(a: GoValue, b: GoValue): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb && ka !== 'invalid' && kb !== 'invalid')
    throw new FuncError(sprintf('non-comparable types %s: %v, %s: %v', [a, typeName(a), typeName(b), b]));
  const nil = (v: GoValue) => v === undefined || (typeof v === 'object' && v !== null && isNilContainer(v));
  if (nil(a) || nil(b)) return nil(a) === nil(b);
  throw new FuncError(sprintf('non-comparable type %s: %v', [b, typeName(b)]));
}

function lt(a: GoValue, b: GoValue): boolean {
  a = indirectInterface(a);
  b = indirectInterface(b);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new FuncError(BAD_COMPARISON_TYPE);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intOf(a) < 0n || BigInt.asUintN(64, intOf(a)) < uintOf(b);
    if (k1 === 'uint' && k2 === 'int') return intOf(b) >= 0n && uintOf(a) < intOf(b);
    throw new FuncError(BAD_COMPARISON);
  }
  switch (k1) {
    case 'bool':
      throw new FuncError(BAD_COMPARISON_TYPE);
    case 'int':
      return intOf(a) < intOf(b);
    case 'uint':
      return uintOf(a) < uintOf(b);
    case 'string':
      return compareStrings(a as string, b as string) < 0;
  }
  return (a as number) < (b as number);
}

const le = (a: GoValue, b: GoValue): boolean => lt(a, b) || eq(a, b);

/** html, js and urlquery: one string as it is, anything else as fmt.Sprint prints it (nil as <no value>). */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

const HTML: Record<string, string> = { '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };
export const htmlEscape = (s: string): string => s.replace(/["'&<>\0]/g, (c) => HTML[c] ?? c);

const JS: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};
function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    if (JS[ch]) out += JS[ch];
    else if (r < 0x20) out += `\\u00${r.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (r < 0x80) out += ch;
    else out += /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch) ? ch : `\\u${r.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** url.QueryEscape: unreserved bytes stay, a space becomes +, the rest %XX. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export const BUILTINS: FuncMap = {
  // and and or are evaluated lazily by the executor; these bodies are never called.
  and: fn(['value'], (v: GoValue) => v, 'value'),
  or: fn(['value'], (v: GoValue) => v, 'value'),
  not: fn(['value'], (v: GoValue) => !isTrue(indirectInterface(v))),
  len: fn(['value'], len),
  index: fn(['value'], index, 'value'),
  print: fn([], (...args: GoValue[]) => sprint(args), 'any'),
  printf: fn(['string'], (format: string, ...args: GoValue[]) => sprintf(format, args), 'any'),
  println: fn([], (...args: GoValue[]) => sprintln(args), 'any'),
  html: fn([], (...args: GoValue[]) => htmlEscape(evalArgs(args)), 'any'),
  js: fn([], (...args: GoValue[]) => jsEscape(evalArgs(args)), 'any'),
  urlquery: fn([], (...args: GoValue[]) => queryEscape(evalArgs(args)), 'any'),
  eq: fn(['value'], eq, 'value'),
  ne: fn(['value', 'value'], (a: GoValue, b: GoValue) => !eq(a, b)),
  lt: fn(['value', 'value'], lt),
  le: fn(['value', 'value'], le),
  gt: fn(['value', 'value'], (a: GoValue, b: GoValue) => !le(a, b)),
  ge: fn(['value', 'value'], (a: GoValue, b: GoValue) => !lt(a, b)),
  // Only a Go function value can be called, and JSON data holds none.
  call: fn(
    ['value'],
    (f: GoValue) => {
      throw new FuncError(indirectInterface(f) === undefined ? 'call of nil' : `non-function of type ${typeName(f)}`);
    },
    'value',
  ),
};
