/** sprig v3's defaults, JSON, reflection, encoding and path functions. */

import { FuncError, type FuncMap, fn } from './functions.js';
import { marshal, unmarshal } from './go-json.js';
import { fromUtf8, utf8 } from './go-unicode.js';
import { deepEqual, type GoValue, isEmpty, reflectKind, typeName } from './go-values.js';

/** %T of an interface{} argument: <nil> for nil. */
const typeOf = (v: GoValue): string => (v === null || v === undefined ? '<nil>' : typeName(v));

function toJson(v: GoValue, indent?: string, escapeHTML = true): string {
  try {
    return marshal(v, indent === undefined ? { escapeHTML } : { escapeHTML, indent });
  } catch (error) {
    if (error instanceof FuncError) return '';
    throw error;
  }
}

function fromJson(text: string): GoValue {
  try {
    return unmarshal(text);
  } catch {
    return null;
  }
}

function mustFromJson(text: string): GoValue {
  try {
    return unmarshal(text);
  } catch (error) {
    throw new FuncError((error as Error).message);
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Encode(s: string): string {
  const bytes = utf8(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(chunk[j] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let j = 0; j < 8; j++) out += j < chars ? BASE32[Number((bits >> BigInt(35 - 5 * j)) & 31n)] : '=';
  }
  return out;
}

function base32Decode(s: string): string {
  if (s.length % 8 !== 0 || !/^[A-Z2-7]*=*$/.test(s)) return `illegal base32 data at input byte ${s.search(/[^A-Z2-7=]|$/)}`;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i += 8) {
    const block = s.slice(i, i + 8).replace(/=+$/, '');
    let bits = 0n;
    for (let j = 0; j < 8; j++) bits = (bits << 5n) | BigInt(Math.max(BASE32.indexOf(block[j] ?? 'A'), 0));
    const count = Math.floor((block.length * 5) / 8);
    for (let j = 0; j < count; j++) bytes.push(Number((bits >> BigInt(32 - 8 * j)) & 255n));
  }
  return fromUtf8(Uint8Array.from(bytes));
}

/** path.Clean: lexical processing of slashes, "." and "..". */
function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

function base(p: string): string {
  if (p === '') return '.';
  p = p.replace(/\/+$/, '');
  const name = p.slice(p.lastIndexOf('/') + 1);
  return name === '' ? '/' : name;
}

function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

export const DATA_FUNCTIONS: FuncMap = {
  hello: fn([], () => 'Hello!'),
  default: fn(
    ['any'],
    (d: GoValue, ...given: GoValue[]) => (given.length === 0 || isEmpty(given[0]) ? d : (given[0] as GoValue)),
    'any',
  ),
  empty: fn(['any'], isEmpty),
  coalesce: fn([], (...v: GoValue[]) => v.find((x) => !isEmpty(x)) ?? null, 'any'),
  all: fn([], (...v: GoValue[]) => v.every((x) => !isEmpty(x)), 'any'),
  any: fn([], (...v: GoValue[]) => v.some((x) => !isEmpty(x)), 'any'),
  ternary: fn(['any', 'any', 'bool'], (t: GoValue, f: GoValue, c: boolean) => (c ? t : f)),
  fromJson: fn(['string'], fromJson),
  mustFromJson: fn(['string'], mustFromJson),
  toJson: fn(['any'], (v: GoValue) => toJson(v)),
  mustToJson: fn(['any'], (v: GoValue) => marshal(v, { escapeHTML: true })),
  toPrettyJson: fn(['any'], (v: GoValue) => toJson(v, '  ')),
  mustToPrettyJson: fn(['any'], (v: GoValue) => marshal(v, { escapeHTML: true, indent: '  ' })),
  toRawJson: fn(['any'], (v: GoValue) => marshal(v, { escapeHTML: false })),
  mustToRawJson: fn(['any'], (v: GoValue) => marshal(v, { escapeHTML: false })),
  typeOf: fn(['any'], typeOf),
  typeIs: fn(['string', 'any'], (t: string, v: GoValue) => t === typeOf(v)),
  typeIsLike: fn(['string', 'any'], (t: string, v: GoValue) => t === typeOf(v) || `*${t}` === typeOf(v)),
  kindOf: fn(['any'], reflectKind),
  kindIs: fn(['string', 'any'], (k: string, v: GoValue) => k === reflectKind(v)),
  deepEqual: fn(['any', 'any'], deepEqual),
  fail: fn(['string'], (message: string) => {
    throw new FuncError(message);
  }),
  b32enc: fn(['string'], base32Encode),
  b32dec: fn(['string'], base32Decode),
  base: fn(['string'], base),
  dir: fn(['string'], dir),
  clean: fn(['string'], clean),
  ext: fn(['string'], ext),
  isAbs: fn(['string'], (p: string) => p.startsWith('/')),
  // On Linux, filepath is path.
  osBase: fn(['string'], base),
  osDir: fn(['string'], dir),
  osClean: fn(['string'], clean),
  osExt: fn(['string'], ext),
  osIsAbs: fn(['string'], (p: string) => p.startsWith('/')),
};
