/** Label and field selectors (`labelSelector=app=web,tier!=db`, `fieldSelector=metadata.name=x`) as predicates. */
import { badRequest } from './status.js';
import type { KubeObject } from './types.js';

/** A compiled selector; `undefined` parts of a query compile to one that matches everything. */
export type Selector = (object: KubeObject) => boolean;

const matchAll: Selector = () => true;

/** Splits on commas outside parentheses: `a in (x,y),b` → [`a in (x,y)`, `b`]. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((term) => term.trim()).filter((term) => term !== '');
}

type LabelTest = (labels: Record<string, string>) => boolean;

function labelTerm(term: string): LabelTest {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set !== null) {
    const [, key = '', op, list = ''] = set;
    const values = new Set(list.split(',').map((value) => value.trim()));
    return op === 'in' ? (labels) => values.has(labels[key] as string) : (labels) => !values.has(labels[key] as string);
  }
  const compare = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (compare !== null) {
    const [, key = '', op, value = ''] = compare;
    return op === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  const absent = /^!\s*([^!=\s()]+)$/.exec(term);
  if (absent !== null) {
    const key = absent[1] ?? '';
    return (labels) => !(key in labels);
  }
  if (/^[^!=\s(),]+$/.test(term)) return (labels) => term in labels;
  throw badRequest(`unable to parse requirement: found '${term}', expected: identifier, '=', '!=', 'in' or 'notin'`);
}

/** Compiles a `labelSelector` query value. */
export function labelSelector(text: string | undefined): Selector {
  if (text === undefined || text.trim() === '') return matchAll;
  const tests = splitTerms(text).map(labelTerm);
  return (object) => {
    const labels = object.metadata.labels ?? {};
    return tests.every((test) => test(labels));
  };
}

/** The value at a dotted path (`status.phase`), as the string field selectors compare with. */
function fieldValue(object: KubeObject, path: string): string {
  let value: unknown = object;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined || value === null ? '' : String(value);
}

/** Compiles a `fieldSelector` query value; any dotted field path of the object may be used. */
export function fieldSelector(text: string | undefined): Selector {
  if (text === undefined || text.trim() === '') return matchAll;
  const tests = splitTerms(text).map((term): Selector => {
    const match = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (match === null) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [, path = '', op, value = ''] = match;
    return op === '!=' ? (object) => fieldValue(object, path) !== value : (object) => fieldValue(object, path) === value;
  });
  return (object) => tests.every((test) => test(object));
}

/** Both selectors of a query, and-ed. */
export function querySelector(query: URLSearchParams): Selector {
  const labels = labelSelector(query.get('labelSelector') ?? undefined);
  const fields = fieldSelector(query.get('fieldSelector') ?? undefined);
  if (labels === matchAll) return fields;
  if (fields === matchAll) return labels;
  return (object) => labels(object) && fields(object);
}

/** `a=b,c=d`: matchLabels as selector text. */
export function labelSelectorText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
