/** sprig v3's list and dict functions; a Go panic in them is an `error calling` here too. */

import { FuncError, type FuncMap, fn, NIL_DEREFERENCE } from './functions.js';
import { compareStrings } from './go-unicode.js';
import {
  deepEqual,
  type GoMap,
  type GoValue,
  isEmpty,
  isMap,
  mapGet,
  newMap,
  reflectKind,
  typed,
  typeName,
} from './go-values.js';
import { toInt } from './sprig-numbers.js';
import { strslice, strval } from './sprig-strings.js';

/** The elements of a slice argument, as sprig's reflection reads them; `what` names the function in Go's panic. */
function elements(list: GoValue, what: string): GoValue[] {
  if (list === null || list === undefined) throw new FuncError(NIL_DEREFERENCE);
  if (!Array.isArray(list)) throw new FuncError(`Cannot ${what} type ${reflectKind(list)}`);
  return list;
}

/** A nil []interface{}: printed as [], encoded as null. */
const nilList = (): GoValue[] => typed([], '[]interface {}', true);

function chunk(size: number, list: GoValue): GoValue {
  const items = elements(list, 'chunk');
  if (size <= 0) throw new FuncError('runtime error: makeslice: len out of range');
  const chunks: GoValue[] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return typed(chunks, '[][]interface {}');
}

function slice(list: GoValue, ...indices: GoValue[]): GoValue {
  if (list === null || list === undefined) throw new FuncError(NIL_DEREFERENCE);
  if (!Array.isArray(list)) throw new FuncError(`list should be type of slice or array but ${reflectKind(list)}`);
  if (list.length === 0) return null;
  const start = indices.length > 0 ? toInt(indices[0]) : 0;
  const end = indices.length < 2 ? list.length : toInt(indices[1]);
  if (start < 0 || end < start || end > list.length) throw new FuncError('reflect.Value.Slice: slice index out of bounds');
  const name = typeName(list);
  const out = list.slice(start, end);
  return name === '[]interface {}' ? out : typed(out, name);
}

function concat(...lists: GoValue[]): GoValue {
  let out: GoValue[] | undefined;
  for (const list of lists) {
    if (list === null) throw new FuncError(NIL_DEREFERENCE);
    if (!Array.isArray(list)) throw new FuncError(`Cannot concat type ${reflectKind(list)} as list`);
    if (list.length > 0) out = [...(out ?? []), ...list];
  }
  return out ?? nilList();
}

/** Go's panic for a failed type assertion to map[string]interface{} (or string). */
const notA = (v: GoValue, want: string): FuncError =>
  new FuncError(`interface conversion: interface {} is ${v === null ? 'nil' : typeName(v)}, not ${want}`);

function dig(...ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new FuncError('dig needs at least three arguments');
  let dict = ps[ps.length - 1] as GoValue;
  const fallback = ps[ps.length - 2] as GoValue;
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw notA(k, 'string');
    return k;
  });
  if (!isMap(dict) || typeName(dict) !== 'map[string]interface {}') throw notA(dict, 'map[string]interface {}');
  for (const [i, key] of keys.entries()) {
    if (!Object.hasOwn(dict, key)) return fallback;
    const step = mapGet(dict, key);
    if (i === keys.length - 1) return step;
    if (!isMap(step) || typeName(step) !== 'map[string]interface {}') throw notA(step, 'map[string]interface {}');
    dict = step;
  }
  return fallback;
}

/** copystructure.Copy; like Go's, it fails on a nil interface at the top. */
function deepCopy(v: GoValue): GoValue {
  if (v === null || v === undefined) throw new FuncError('reflect: call of reflect.Value.Type on zero Value');
  return copyValue(v);
}

function copyValue(v: GoValue): GoValue {
  if (Array.isArray(v)) {
    const name = typeName(v);
    const copy = v.map(copyValue);
    return name === '[]interface {}' ? copy : typed(copy, name);
  }
  if (isMap(v)) {
    const copy = newMap(typeName(v));
    for (const key of Object.keys(v)) copy[key] = copyValue(v[key]);
    return copy;
  }
  return v;
}

const sortedKeys = (m: GoMap): string[] => Object.keys(m).sort(compareStrings);

function dict(...v: GoValue[]): GoMap {
  const out = newMap();
  for (let i = 0; i < v.length; i += 2) out[strval(v[i])] = i + 1 < v.length ? v[i + 1] : '';
  return out;
}

function set(d: GoMap | null, key: string, value: GoValue): GoValue {
  if (d === null) throw new FuncError('assignment to entry in nil map');
  d[key] = value;
  return d;
}

function pick(d: GoMap | null, ...keys: string[]): GoMap {
  const out = newMap();
  for (const k of keys) if (d !== null && Object.hasOwn(d, k)) out[k] = d[k];
  return out;
}

function omit(d: GoMap | null, ...keys: string[]): GoMap {
  const out = newMap();
  const drop = new Set(keys);
  for (const k of d === null ? [] : Object.keys(d)) if (!drop.has(k)) out[k] = d?.[k];
  return out;
}

const listOf =
  (what: string, f: (items: GoValue[]) => GoValue) =>
  (list: GoValue): GoValue =>
    f(elements(list, what));

const first = listOf('find first on', (l) => (l.length === 0 ? null : l[0]));
const last = listOf('find last on', (l) => (l.length === 0 ? null : l[l.length - 1]));
const rest = listOf('find rest on', (l) => (l.length === 0 ? nilList() : l.slice(1)));
const initial = listOf('find initial on', (l) => (l.length === 0 ? nilList() : l.slice(0, -1)));
const reverse = listOf('find reverse on', (l) => [...l].reverse());
const compact = listOf('compact on', (l) => l.filter((x) => !isEmpty(x)));
const uniq = listOf('find uniq on', (l) => l.filter((x, i) => l.findIndex((y) => deepEqual(x, y)) === i));

function has(needle: GoValue, haystack: GoValue): boolean {
  if (haystack === null) return false;
  return elements(haystack, 'find has on').some((x) => deepEqual(needle, x));
}

function without(list: GoValue, ...omitted: GoValue[]): GoValue {
  return elements(list, 'find without on').filter((x) => !omitted.some((o) => deepEqual(o, x)));
}

function sortAlpha(list: GoValue): GoValue {
  const sorted = Array.isArray(list) ? strslice(list).sort(compareStrings) : [strval(list)];
  return typed(sorted, '[]string');
}

/** The must… variants return the same errors their plain twins panic with. */
const withMust = (map: FuncMap, names: string[]): FuncMap => {
  for (const name of names) {
    const def = map[name];
    if (def) map[`must${name[0]?.toUpperCase()}${name.slice(1)}`] = def;
  }
  return map;
};

export const LIST_FUNCTIONS: FuncMap = withMust(
  {
    list: fn([], (...v: GoValue[]) => v, 'any'),
    tuple: fn([], (...v: GoValue[]) => v, 'any'),
    append: fn(['any', 'any'], (l: GoValue, v: GoValue) => [...elements(l, 'push on'), v]),
    push: fn(['any', 'any'], (l: GoValue, v: GoValue) => [...elements(l, 'push on'), v]),
    prepend: fn(['any', 'any'], (l: GoValue, v: GoValue) => [v, ...elements(l, 'prepend on')]),
    first: fn(['any'], first),
    last: fn(['any'], last),
    rest: fn(['any'], rest),
    initial: fn(['any'], initial),
    reverse: fn(['any'], reverse),
    compact: fn(['any'], compact),
    uniq: fn(['any'], uniq),
    without: fn(['any'], without, 'any'),
    has: fn(['any', 'any'], has),
    slice: fn(['any'], slice, 'any'),
    concat: fn([], concat, 'any'),
    chunk: fn(['int', 'any'], (size: GoValue, l: GoValue) => chunk(toInt(size), l)),
    sortAlpha: fn(['any'], sortAlpha),
    dig: fn([], dig, 'any'),
    dict: fn([], dict, 'any'),
    get: fn(['map', 'string'], (d: GoMap | null, k: string) => (d !== null && Object.hasOwn(d, k) ? (d[k] as GoValue) : '')),
    set: fn(['map', 'string', 'any'], set),
    unset: fn(['map', 'string'], (d: GoMap | null, k: string) => {
      if (d !== null) delete d[k];
      return d;
    }),
    hasKey: fn(['map', 'string'], (d: GoMap | null, k: string) => d !== null && Object.hasOwn(d, k)),
    pluck: fn(
      ['string'],
      (k: string, ...ds: (GoMap | null)[]) => ds.filter((d) => d && Object.hasOwn(d, k)).map((d) => d?.[k]),
      'map',
    ),
    // Go ranges over a map in random order; chatkube sorts, which is one of the orders Go may give.
    keys: fn(
      [],
      (...ds: (GoMap | null)[]) =>
        typed(
          ds.flatMap((d) => (d === null ? [] : sortedKeys(d))),
          '[]string',
        ),
      'map',
    ),
    values: fn(['map'], (d: GoMap | null) => (d === null ? [] : sortedKeys(d).map((k) => d[k] as GoValue))),
    pick: fn(['map'], pick, 'string'),
    omit: fn(['map'], omit, 'string'),
    deepCopy: fn(['any'], deepCopy),
  },
  [
    'append',
    'push',
    'prepend',
    'first',
    'last',
    'rest',
    'initial',
    'reverse',
    'compact',
    'uniq',
    'without',
    'has',
    'slice',
    'chunk',
    'deepCopy',
  ],
);
