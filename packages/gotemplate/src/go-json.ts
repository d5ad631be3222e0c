/**
 * encoding/json's Marshal, MarshalIndent and Encoder (SetEscapeHTML(false))
 * for template values: map keys sorted, floats as Go writes them, a nil
 * slice or map as null.
 */

import { FuncError } from './functions.js';
import { jsonFloat } from './go-float.js';
import { compareStrings } from './go-unicode.js';
import { GoInt, type GoValue, isNilContainer } from './go-values.js';

export interface JsonOptions {
  escapeHTML: boolean;
  /** Indentation per level; none for compact output. */
  indent?: string;
}

function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (const ch of s.toWellFormed()) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)))
      out += `\\u00${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

function encode(v: GoValue, options: JsonOptions, depth: number): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return jsonString(v, options.escapeHTML);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new FuncError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v < 0 ? '-Inf' : '+Inf'}`);
    return jsonFloat(v);
  }
  if (v instanceof GoInt) return v.value.toString();
  if (isNilContainer(v)) return 'null';
  const entries = Array.isArray(v)
    ? v.map((x) => encode(x, options, depth + 1))
    : Object.keys(v)
        .sort(compareStrings)
        .map(
          (k) =>
            `${jsonString(k, options.escapeHTML)}:${options.indent === undefined ? '' : ' '}${encode(v[k], options, depth + 1)}`,
        );
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  if (options.indent === undefined) return open + entries.join(',') + close;
  const inner = `\n${options.indent.repeat(depth + 1)}`;
  return `${open}${inner}${entries.join(`,${inner}`)}\n${options.indent.repeat(depth)}${close}`;
}

/** The JSON Go writes for `v`; a float that JSON cannot hold is a FuncError, as Go's is an error. */
export function marshal(v: GoValue, options: JsonOptions): string {
  return encode(v, options, 0);
}

/** json.Unmarshal into an interface{}: objects become maps, numbers float64. */
export function unmarshal(text: string): GoValue {
  return fromJsonValue(JSON.parse(text));
}

/** A JSON-compatible JavaScript value as a template value; what JSON.stringify would drop is dropped. */
export function fromJsonValue(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return v;
    case 'bigint':
      return new GoInt(BigInt.asIntN(64, v), 'int64');
    case 'object': {
      const json = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') return fromJsonValue(json.call(v));
      if (Array.isArray(v)) return v.map((x) => (typeof x === 'function' || typeof x === 'symbol' ? null : fromJsonValue(x)));
      const map = Object.create(null) as Record<string, GoValue>;
      for (const [key, value] of Object.entries(v)) {
        if (value !== undefined && typeof value !== 'function' && typeof value !== 'symbol') map[key] = fromJsonValue(value);
      }
      return map;
    }
    default:
      return null;
  }
}
