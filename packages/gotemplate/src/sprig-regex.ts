/** sprig v3's regex functions over Go's regexp semantics (regexp-vm.ts). */

import { FuncError, type FuncMap, fn, n } from './functions.js';
import { canBackquote, quote } from './go-strconv.js';
import { isDigit, isLetter } from './go-unicode.js';
import { type GoValue, typed } from './go-values.js';
import { RegexSyntaxError } from './regexp-parse.js';
import { GoRegexp, RuneText } from './regexp-vm.js';

const cache = new Map<string, GoRegexp | RegexSyntaxError>();
const CACHE_SIZE = 64;

/** regexp.Compile, remembering the last few patterns (templates use the same ones on every event). */
function compile(expr: string): GoRegexp {
  let re = cache.get(expr);
  if (re === undefined) {
    try {
      re = new GoRegexp(expr);
    } catch (error) {
      if (!(error instanceof RegexSyntaxError)) throw error;
      re = error;
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(expr, re);
  }
  if (re instanceof RegexSyntaxError) throw re;
  return re;
}

/** regexp.MustCompile: its panic, as sprig's plain functions let it out. */
function mustCompile(expr: string): GoRegexp {
  try {
    return compile(expr);
  } catch (error) {
    const shown = canBackquote(expr) ? `\`${expr}\`` : quote(expr);
    throw new FuncError(`regexp: Compile(${shown}): ${(error as Error).message}`);
  }
}

/** regexp.Compile's error as a function's error. */
function checked(expr: string): GoRegexp {
  try {
    return compile(expr);
  } catch (error) {
    throw new FuncError((error as Error).message);
  }
}

function findAll(re: GoRegexp, s: string, count: number): GoValue {
  const text = new RuneText(s);
  const matches = re.allMatches(text.runes, count < 0 ? text.runes.length + 1 : count);
  const found = matches.map((m) => text.slice(m[0] ?? 0, m[1] ?? 0));
  return typed(found, '[]string', found.length === 0);
}

function find(re: GoRegexp, s: string): string {
  const text = new RuneText(s);
  const m = re.exec(text.runes, 0);
  return m ? text.slice(m[0] ?? 0, m[1] ?? 0) : '';
}

const isNameRune = (r: number): boolean => r === 0x5f || isLetter(r) || isDigit(r);

/** Regexp.Expand: $1, ${1}, $name, ${name} and $$ in a replacement. */
function expand(re: GoRegexp, template: string, text: RuneText, m: number[]): string {
  const group = (i: number): string => {
    const from = m[2 * i] ?? -1;
    return from >= 0 ? text.slice(from, m[2 * i + 1] ?? from) : '';
  };
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const brace = rest.startsWith('{');
    const body = brace ? rest.slice(1) : rest;
    let len = 0;
    for (const ch of body) {
      if (!isNameRune(ch.codePointAt(0) ?? 0)) break;
      len += ch.length;
    }
    const name = body.slice(0, len);
    if (len === 0 || (brace && body[len] !== '}')) {
      out += '$';
      continue;
    }
    rest = body.slice(len + (brace ? 1 : 0));
    const num = /^(0|[1-9][0-9]{0,7})$/.test(name) ? Number(name) : -1;
    if (num >= 0) {
      if (2 * num + 1 < m.length) out += group(num);
    } else {
      const index = re.names.indexOf(name);
      if (index > 0) out += group(index);
    }
  }
  return out + rest;
}

/** Regexp.ReplaceAllString (or …LiteralString). */
function replaceAll(re: GoRegexp, s: string, repl: string, literal: boolean): string {
  const text = new RuneText(s);
  const end = text.runes.length;
  let out = '';
  let lastEnd = 0;
  for (let pos = 0; pos <= end; ) {
    const m = re.exec(text.runes, pos);
    if (m === null) break;
    const [a0 = 0, a1 = 0] = m;
    out += text.slice(lastEnd, a0);
    if (a1 > lastEnd || a0 === 0) out += literal ? repl : expand(re, repl, text, m);
    lastEnd = a1;
    const width = pos < end ? 1 : 0;
    if (pos + width > a1) pos += width;
    else if (pos + 1 > a1) pos++;
    else pos = a1;
  }
  return out + text.slice(lastEnd, end);
}

/** Regexp.Split. */
function split(re: GoRegexp, s: string, count: number): GoValue {
  if (count === 0) return typed([], '[]string', true);
  if (re.expr.length > 0 && s === '') return typed([''], '[]string');
  const text = new RuneText(s);
  const matches = re.allMatches(text.runes, count < 0 ? text.runes.length + 1 : count);
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (count > 0 && parts.length === count - 1) break;
    end = m[0] ?? 0;
    if ((m[1] ?? 0) !== 0) parts.push(text.slice(beg, end));
    beg = m[1] ?? 0;
  }
  if (end !== text.runes.length) parts.push(text.slice(beg, text.runes.length));
  return typed(parts, '[]string');
}

const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

export const REGEX_FUNCTIONS: FuncMap = {
  regexMatch: fn(['string', 'string'], (r: string, s: string) => {
    try {
      return compile(r).exec(new RuneText(s).runes, 0) !== null;
    } catch {
      return false;
    }
  }),
  mustRegexMatch: fn(['string', 'string'], (r: string, s: string) => checked(r).exec(new RuneText(s).runes, 0) !== null),
  regexFindAll: fn(['string', 'string', 'int'], (r: string, s: string, c: GoValue) => findAll(mustCompile(r), s, n(c))),
  mustRegexFindAll: fn(['string', 'string', 'int'], (r: string, s: string, c: GoValue) => findAll(checked(r), s, n(c))),
  regexFind: fn(['string', 'string'], (r: string, s: string) => find(mustCompile(r), s)),
  mustRegexFind: fn(['string', 'string'], (r: string, s: string) => find(checked(r), s)),
  regexReplaceAll: fn(['string', 'string', 'string'], (r: string, s: string, repl: string) =>
    replaceAll(mustCompile(r), s, repl, false),
  ),
  mustRegexReplaceAll: fn(['string', 'string', 'string'], (r: string, s: string, repl: string) =>
    replaceAll(checked(r), s, repl, false),
  ),
  regexReplaceAllLiteral: fn(['string', 'string', 'string'], (r: string, s: string, repl: string) =>
    replaceAll(mustCompile(r), s, repl, true),
  ),
  mustRegexReplaceAllLiteral: fn(['string', 'string', 'string'], (r: string, s: string, repl: string) =>
    replaceAll(checked(r), s, repl, true),
  ),
  regexSplit: fn(['string', 'string', 'int'], (r: string, s: string, c: GoValue) => split(mustCompile(r), s, n(c))),
  mustRegexSplit: fn(['string', 'string', 'int'], (r: string, s: string, c: GoValue) => split(checked(r), s, n(c))),
  regexQuoteMeta: fn(['string'], quoteMeta),
};
