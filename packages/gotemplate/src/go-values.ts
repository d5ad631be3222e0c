/**
 * How Go values are held while a template runs. Data arrives as JSON, which
 * Go sees as map[string]interface{}, []interface{}, float64, string, bool and
 * nil; functions add Go integers and typed slices and maps ([]string, []int,
 * map[string]string), whose types show in errors, in %T and in what a typed
 * parameter accepts.
 *
 * - `undefined` is Go's invalid reflect.Value: a missing map key, nil data.
 * - `null` is a nil interface{} held by a container (a JSON null).
 * - a JavaScript number is a float64; a {@link GoInt} any Go integer.
 * - an array is a []interface{}, an object a map[string]interface{}, unless
 *   {@link typed} gave it another Go type.
 */

export type IntType = 'int' | 'int64' | 'int32' | 'uint8' | 'uint64';

/** A Go integer of a given type; 64 bits wide, held as a bigint. */
export class GoInt {
  constructor(
    readonly value: bigint,
    readonly type: IntType = 'int',
  ) {}
}

export const int = (n: number | bigint, type: IntType = 'int'): GoInt =>
  new GoInt(BigInt.asIntN(64, typeof n === 'bigint' ? n : BigInt(Math.trunc(n))), type);

export type GoMap = { [key: string]: GoValue };
export type GoValue = undefined | null | string | boolean | number | GoInt | GoValue[] | GoMap;

interface ContainerType {
  /** The Go type, such as `[]string` or `map[string]string`. */
  name: string;
  /** A nil slice or map: printed as [] or map[], encoded as JSON null. */
  nil: boolean;
}

const containerTypes = new WeakMap<object, ContainerType>();

/** Marks `value` as a Go container of type `name` (a nil one if `nil`). */
export function typed<T extends GoValue[] | GoMap>(value: T, name: string, nil = false): T {
  containerTypes.set(value, { name, nil });
  return value;
}

/** A new map[string]interface{} (or another map type): no prototype, so any key is plain data. */
export function newMap(name = 'map[string]interface {}'): GoMap {
  const map = Object.create(null) as GoMap;
  return name === 'map[string]interface {}' ? map : typed(map, name);
}

export const isNilContainer = (v: object): boolean => containerTypes.get(v)?.nil === true;

export const isMap = (v: GoValue): v is GoMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoInt);

/** A map's value for `key`, or undefined: only own keys count, never Object.prototype's. */
export const mapGet = (m: GoMap, key: string): GoValue => (Object.hasOwn(m, key) ? m[key] : undefined);

export type Kind = 'invalid' | 'nil' | 'string' | 'bool' | 'float' | 'int' | 'uint' | 'slice' | 'map';

export function kindOf(v: GoValue): Kind {
  if (v === undefined) return 'invalid';
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float';
  }
  if (v instanceof GoInt) return v.type.startsWith('u') ? 'uint' : 'int';
  return Array.isArray(v) ? 'slice' : 'map';
}

/** The Go type name of a value, as %T and Go's errors print it. */
export function typeName(v: GoValue): string {
  switch (kindOf(v)) {
    case 'invalid':
      return '<invalid>';
    case 'nil':
      return 'interface {}';
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'float':
      return 'float64';
    case 'int':
    case 'uint':
      return (v as GoInt).type;
    case 'slice':
      return containerTypes.get(v as object)?.name ?? '[]interface {}';
    case 'map':
      return containerTypes.get(v as object)?.name ?? 'map[string]interface {}';
  }
}

/** The Go kind name of a value, as sprig's kindOf prints it. */
export function reflectKind(v: GoValue): string {
  const kind = kindOf(v);
  if (kind === 'invalid' || kind === 'nil') return 'invalid';
  if (kind === 'float') return 'float64';
  if (kind === 'int' || kind === 'uint') return (v as GoInt).type;
  return kind;
}

/** Go's len of a string (bytes), slice or map; undefined for other kinds. */
export function lengthOf(v: GoValue): number | undefined {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  return undefined;
}

/** text/template's truth: false, 0, nil, an empty string, slice or map, or nothing at all. */
export function isTrue(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof GoInt) return v.value !== 0n;
  return (lengthOf(v) ?? 1) > 0;
}

/** sprig's empty: the same as text/template's falsehood for these values. */
export const isEmpty = (v: GoValue): boolean => !isTrue(v);

/** reflect.DeepEqual on template values (a typed container is never equal to an untyped one). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null);
  if (typeName(a) !== typeName(b)) return false;
  if (a instanceof GoInt) return a.value === (b as GoInt).value;
  if (typeof a !== 'object') return a === b;
  if (isNilContainer(a) !== isNilContainer(b as object)) return false;
  if (Array.isArray(a)) {
    const other = b as GoValue[];
    return a.length === other.length && a.every((x, i) => deepEqual(x, other[i]));
  }
  const other = b as GoMap;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(other).length && keys.every((k) => Object.hasOwn(other, k) && deepEqual(mapGet(a, k), other[k]))
  );
}
