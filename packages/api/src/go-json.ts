/**
 * Encodes and decodes values exactly as Go's `encoding/json` does for the
 * structs they mirror: fields in declaration order, `omitempty` honoured,
 * structs always present, HTML-sensitive characters escaped, map keys sorted,
 * times in RFC 3339 with trailing zeros trimmed. Decoding is Go's too: keys
 * match case-insensitively, unknown keys are ignored, `null` is a zero value,
 * and a value of the wrong type is an error naming its path.
 *
 * A struct is described once, as a {@link StructSpec}, and that one table
 * drives both directions.
 */
import { MessageJsonError } from './errors.js';
import { ZERO_TIMESTAMP } from './message.js';

/** The Go type of one field. */
export type Kind =
  | { readonly t: 'string' }
  | { readonly t: 'bool' }
  | { readonly t: 'time' }
  | { readonly t: 'struct'; readonly spec: StructSpec }
  | { readonly t: 'ptr'; readonly spec: StructSpec }
  | { readonly t: 'slice'; readonly of: Kind }
  /** `interface{}`: any JSON value; objects are Go maps. */
  | { readonly t: 'any' }
  /** `map[string]interface{}`. */
  | { readonly t: 'map' };

export interface FieldSpec {
  /** The TypeScript property. */
  readonly name: string;
  /** The JSON key Go writes. */
  readonly key: string;
  readonly kind: Kind;
  readonly omitEmpty: boolean;
}

export interface StructSpec {
  readonly fields: readonly FieldSpec[];
  /** The JSON key of each field, lower-cased, for Go's case-insensitive match. */
  readonly byFoldedKey: ReadonlyMap<string, FieldSpec>;
  readonly byKey: ReadonlyMap<string, FieldSpec>;
}

type FieldDef = readonly [name: string, kind: Kind, options?: { key?: string; omitEmpty?: boolean }];

/** Describes a Go struct; fields are `omitempty` unless told otherwise. */
export function struct(...defs: FieldDef[]): StructSpec {
  const fields = defs.map(([name, kind, options]) => ({
    name,
    key: options?.key ?? name,
    kind,
    omitEmpty: options?.omitEmpty ?? true,
  }));
  return {
    fields,
    byKey: new Map(fields.map((f) => [f.key, f])),
    byFoldedKey: new Map(fields.map((f) => [f.key.toLowerCase(), f])),
  };
}

export const STRING: Kind = { t: 'string' };
export const BOOL: Kind = { t: 'bool' };
export const TIME: Kind = { t: 'time' };
export const ANY: Kind = { t: 'any' };
export const MAP: Kind = { t: 'map' };
export const structOf = (spec: StructSpec): Kind => ({ t: 'struct', spec });
export const ptrTo = (spec: StructSpec): Kind => ({ t: 'ptr', spec });
export const sliceOf = (of: Kind): Kind => ({ t: 'slice', of });

// ---------------------------------------------------------------- encoding

/**
 * What Go writes differently from JSON.stringify: the HTML-sensitive
 * characters, and backspace and form feed as \u0008 and \u000c (Go before
 * 1.22, which Botkube is built with). An escaped backslash is matched too, so
 * that the `b` of `\\b` is never taken for a backspace.
 */
const GO_DIFFERS = /[<>&\u2028\u2029]|\\[\\bf]/g;
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '\\b': '\\u0008',
  '\\f': '\\u000c',
};

/** A JSON string as Go writes it (invalid UTF-16 becomes U+FFFD, as Go does with invalid UTF-8). */
export function goString(value: string): string {
  const text = JSON.stringify(value.isWellFormed() ? value : value.toWellFormed());
  return GO_DIFFERS.test(text) ? text.replace(GO_DIFFERS, (c) => GO_ESCAPES[c] ?? c) : text;
}

function goNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new MessageJsonError(`${path}: ${value} cannot be encoded as JSON`);
  // Go keeps the sign of negative zero; otherwise its shortest float form matches JavaScript's.
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Any JSON value as Go writes an `interface{}` holding it: objects are maps, so keys are sorted. */
export function goAny(value: unknown, path: string): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return goString(value);
    case 'number':
      return goNumber(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object': {
      const json = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') return goAny(json.call(value), path);
      if (Array.isArray(value)) return `[${value.map((v, i) => goAny(v, `${path}[${i}]`)).join(',')}]`;
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => compareUtf8(a, b));
      return `{${entries.map(([k, v]) => `${goString(k)}:${goAny(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new MessageJsonError(`${path}: a ${typeof value} cannot be encoded as JSON`);
  }
}

/** Go sorts map keys by their UTF-8 bytes, which is code point order, not UTF-16 order. */
function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function isEmpty(kind: Kind, value: unknown): boolean {
  switch (kind.t) {
    case 'string':
    case 'bool':
      return !value;
    case 'slice':
    case 'map':
      return value == null || (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);
    case 'ptr':
    case 'any':
      return value == null;
    default:
      // Go never omits a struct, time.Time included.
      return false;
  }
}

function encodeValue(kind: Kind, value: unknown, path: string): string {
  switch (kind.t) {
    case 'string':
      return goString(typeof value === 'string' ? value : '');
    case 'bool':
      return value === true ? 'true' : 'false';
    case 'time':
      return goString(normalizeTimestamp(typeof value === 'string' ? value : ZERO_TIMESTAMP, path));
    case 'struct':
      return encodeStruct(kind.spec, value, path);
    case 'ptr':
      return value == null ? 'null' : encodeStruct(kind.spec, value, path);
    case 'slice':
      if (!Array.isArray(value)) return 'null';
      return `[${value.map((v, i) => encodeValue(kind.of, v, `${path}[${i}]`)).join(',')}]`;
    case 'any':
    case 'map':
      return goAny(value, path);
  }
}

/** Writes `value` as Go writes the struct that `spec` describes. */
export function encodeStruct(spec: StructSpec, value: unknown, path: string): string {
  const object = (value ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  for (const field of spec.fields) {
    const v = object[field.name];
    if (field.omitEmpty && isEmpty(field.kind, v)) continue;
    parts.push(`"${field.key}":${encodeValue(field.kind, v, `${path}.${field.name}`)}`);
  }
  return `{${parts.join(',')}}`;
}

// ------------------------------------------------------------------ times

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** An RFC 3339 time as Go writes it: fraction without trailing zeros, `Z` for a zero offset. */
export function normalizeTimestamp(value: string, path: string): string {
  const m = RFC3339.exec(value);
  if (!m) throw new MessageJsonError(`${path}: ${JSON.stringify(value)} is not an RFC 3339 time`);
  const [, date, time, fraction = '', , sign, hours, minutes] = m;
  const trimmed = fraction.replace(/0+$/, '');
  const zone = sign === undefined || (hours === '00' && minutes === '00') ? 'Z' : `${sign}${hours}:${minutes}`;
  return `${date}T${time}${trimmed ? `.${trimmed}` : ''}${zone}`;
}

// ---------------------------------------------------------------- decoding

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function expect(path: string, what: string, value: unknown): never {
  throw new MessageJsonError(`${path}: expected ${what}, got ${describe(value)}`);
}

/** Go's zero values decode to `undefined`, so decoded values stay minimal. */
function decodeValue(kind: Kind, value: unknown, path: string): unknown {
  if (value === null) return undefined;
  switch (kind.t) {
    case 'string':
      if (typeof value !== 'string') expect(path, 'a string', value);
      return value === '' ? undefined : value;
    case 'bool':
      if (typeof value !== 'boolean') expect(path, 'a boolean', value);
      return value || undefined;
    case 'time': {
      if (typeof value !== 'string') expect(path, 'an RFC 3339 time string', value);
      const time = normalizeTimestamp(value, path);
      return time === ZERO_TIMESTAMP ? undefined : time;
    }
    case 'struct': {
      const decoded = decodeStruct(kind.spec, value, path);
      return Object.keys(decoded).length === 0 ? undefined : decoded;
    }
    case 'ptr':
      return decodeStruct(kind.spec, value, path);
    case 'slice': {
      if (!Array.isArray(value)) expect(path, 'an array', value);
      if (value.length === 0) return undefined;
      // An element keeps its place even when it is a zero value, as in Go.
      return value.map((v, i) => decodeValue(kind.of, v, `${path}[${i}]`) ?? zeroOf(kind.of));
    }
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) expect(path, 'an object', value);
      return value;
    case 'any':
      return value;
  }
}

function zeroOf(kind: Kind): unknown {
  switch (kind.t) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'time':
      return ZERO_TIMESTAMP;
    case 'struct':
      return {};
    default:
      return null;
  }
}

/** Reads a parsed JSON value into the struct `spec` describes. */
export function decodeStruct(spec: StructSpec, value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) expect(path, 'an object', value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = spec.byKey.get(key) ?? spec.byFoldedKey.get(key.toLowerCase());
    if (!field) continue;
    const decoded = decodeValue(field.kind, v, `${path}.${field.name}`);
    if (decoded === undefined) delete out[field.name];
    else out[field.name] = decoded;
  }
  return out;
}

const utf8 = new TextDecoder();

/** Parses JSON text or UTF-8 bytes, naming `what` in the error. */
export function parseJson(input: string | Uint8Array, what: string): unknown {
  const text = typeof input === 'string' ? input : utf8.decode(input);
  try {
    return JSON.parse(text);
  } catch (error) {
    const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    throw new MessageJsonError(`${what} is not JSON (${(error as Error).message}): ${JSON.stringify(preview)}`, {
      cause: error,
    });
  }
}
