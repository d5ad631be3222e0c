/**
 * The relaxed JSONPath of `updateSetting.fields` (kubectl's
 * RelaxedJSONPathExpression): `spec.containers[*].image`,
 * `metadata.annotations.app\.kubernetes\.io\/version`, optional `{…}` and
 * leading dot. Values print as Go's `%v`, several joined with commas,
 * `<none>` when nothing is found. Filters and slices are not supported.
 */
import { KubernetesConfigError } from './errors.js';

type Step = { key: string } | { index: number } | { all: true };

export interface FieldPath {
  readonly text: string;
  /** The value at this path in `object`, as Botkube's diff prints it. */
  read(object: unknown): string;
}

function parseSteps(text: string): Step[] {
  let path = text.trim();
  if (path.startsWith('{') && path.endsWith('}')) path = path.slice(1, -1);
  if (path.startsWith('.')) path = path.slice(1);
  const steps: Step[] = [];
  let key = '';
  const flush = () => {
    if (key !== '') steps.push({ key });
    key = '';
  };
  for (let i = 0; i < path.length; i++) {
    const char = path[i] as string;
    if (char === '\\' && i + 1 < path.length) {
      key += path[++i];
    } else if (char === '.') {
      flush();
    } else if (char === '[') {
      flush();
      const end = path.indexOf(']', i);
      if (end < 0) throw new Error('unclosed [');
      const inside = path.slice(i + 1, end).trim();
      if (inside === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inside)) steps.push({ index: Number(inside) });
      else if (/^'.*'$|^".*"$/.test(inside)) steps.push({ key: inside.slice(1, -1) });
      else throw new Error(`unsupported subscript [${inside}]`);
      i = end;
    } else if (/[\s{}()?@$<>!=|&,]/.test(char)) {
      throw new Error(`unrecognized character ${JSON.stringify(char)}`);
    } else {
      key += char;
    }
  }
  flush();
  if (steps.length === 0) throw new Error('empty path');
  return steps;
}

/** Go's `%v` of a JSON value. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, item]) => `${key}:${goValue(item)}`).join(' ')}]`;
  }
  return String(value);
}

function walk(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if ('key' in step) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && step.key in value) {
        out.push((value as Record<string, unknown>)[step.key]);
      }
    } else if (Array.isArray(value)) {
      if ('all' in step) out.push(...value);
      else {
        const index = step.index < 0 ? value.length + step.index : step.index;
        if (index >= 0 && index < value.length) out.push(value[index]);
      }
    }
  }
  return out;
}

/** Parses a field path. Throws KubernetesConfigError naming `where`. */
export function parseFieldPath(text: string, where: string): FieldPath {
  let steps: Step[];
  try {
    steps = parseSteps(text);
  } catch (error) {
    throw new KubernetesConfigError(`${where}: ${JSON.stringify(text)} is not a field path: ${(error as Error).message}`);
  }
  return {
    text,
    read(object: unknown): string {
      const found = steps.reduce<unknown[]>((values, step) => walk(values, step), [object]);
      return found.length === 0 ? '<none>' : found.map(goValue).join(',');
    },
  };
}

/** One field's change as Botkube writes it, or '' when the values are the same. */
export function fieldDiff(field: string, before: string, after: string): string {
  if (before === after || (before === '<none>' && after === 'false')) return '';
  return `${field}:\n\t-: ${before}\n\t+: ${after}\n`;
}
