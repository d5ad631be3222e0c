/**
 * Checks the merged document against the file schema with ajv and says
 * what is wrong as a person would: the key path with `[i]` for list items,
 * what was expected and what was found. Unknown keys are warnings.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../package-root.js';
import { type ConfigPath, describeValue, type PathProblem } from './problems.js';
import { looksSecret } from './redact.js';
import { CONFIG_SCHEMA, REMOVED_KEYS } from './schema.js';
import { severityAt } from './unused-keys.js';

/** How the schema is compiled: at build time into `config-validator.cjs` (scripts/build-config-validator.mjs), or here. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, allowUnionTypes: true } as const;
export const AJV_KEYWORDS = [{ keyword: 'expected', schemaType: 'string' }] as const;

const require = createRequire(import.meta.url);
/** Where `npm run build` writes the compiled validator. */
export const PRECOMPILED = join(PACKAGE_ROOT, 'dist/src/config/config-validator.cjs');
let compiled: ValidateFunction | undefined;

/**
 * The schema's validator. `npm run build` compiles it ahead of time, which
 * spares the agent loading ajv and compiling the schema at every start
 * (about 10 MiB of memory it would keep); without that file, ajv compiles
 * it now.
 */
export function validator(options: { precompiled?: boolean } = {}): ValidateFunction {
  if (options.precompiled === false) return compileNow();
  compiled ??= loadPrecompiled() ?? compileNow();
  return compiled;
}

function loadPrecompiled(): ValidateFunction | undefined {
  try {
    return (require(PRECOMPILED) as { default: ValidateFunction }).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

function compileNow(): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv(AJV_OPTIONS);
  for (const keyword of AJV_KEYWORDS) ajv.addKeyword({ ...keyword });
  return ajv.compile(CONFIG_SCHEMA);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  object: 'a mapping',
  array: 'a list',
  null: 'nothing',
};

/** `/a/b/0` → `['a', 'b', 0]`, numbers only where the value there is a list. */
function toPath(pointer: string, doc: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const segment = Array.isArray(node) ? Number(key) : key;
    path.push(segment);
    node = (node as Record<string | number, unknown> | undefined)?.[segment];
  }
  return path;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function closest(key: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const name of names) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

const schemaOf = (error: ErrorObject): Record<string, unknown> => (error.parentSchema ?? {}) as Record<string, unknown>;
const propertiesOf = (error: ErrorObject): Record<string, Record<string, unknown>> =>
  (schemaOf(error).properties ?? {}) as Record<string, Record<string, unknown>>;

function expectedOf(error: ErrorObject): string {
  const expected = schemaOf(error).expected;
  if (typeof expected === 'string') return expected;
  const type = String((error.params as { type?: unknown }).type ?? '');
  return type
    .split(',')
    .map((name) => TYPE_WORDS[name] ?? name)
    .join(' or ');
}

function lastKeyIsSecret(path: ConfigPath): boolean {
  const last = path.at(-1);
  return typeof last === 'string' && looksSecret(last);
}

function translate(error: ErrorObject, doc: unknown): PathProblem {
  const at = toPath(error.instancePath, doc);
  const got = () => describeValue(error.data, lastKeyIsSecret(at));
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: unknown }).additionalProperty);
      const removed = REMOVED_KEYS[key];
      if (removed !== undefined) return { at: [...at, key], message: removed, severity: 'warning' };
      const suggestion = closest(key, Object.keys(propertiesOf(error)));
      const hint = suggestion === undefined ? '(typo?)' : `(typo? did you mean "${suggestion}"?)`;
      return { at: [...at, key], message: `unknown key "${key}"; ignored ${hint}`, severity: 'warning' };
    }
    case 'required': {
      const key = String((error.params as { missingProperty: unknown }).missingProperty);
      const expected = propertiesOf(error)[key]?.expected;
      return {
        at: [...at, key],
        message: `missing; expected ${typeof expected === 'string' ? expected : 'a value'}`,
        severity: 'error',
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((value) =>
        value === '' ? '""' : String(value),
      );
      return { at, message: `expected one of ${allowed.join(', ')}, got ${got()}`, severity: 'error' };
    }
    case 'type':
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'pattern':
      return { at, message: `expected ${expectedOf(error)}, got ${got()}`, severity: 'error' };
    default:
      return { at, message: error.message ?? `does not match the schema (${error.keyword})`, severity: 'error' };
  }
}

/** Every way `doc` differs from the file schema, warnings included. */
export function checkSchema(doc: Record<string, unknown>): PathProblem[] {
  const validate = validator();
  if (validate(doc)) return [];
  const errors = validate.errors ?? [];
  // A value of the wrong type fails its other keywords too; the type is what to tell.
  const wrongType = new Set(errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  const problems: PathProblem[] = [];
  for (const error of errors) {
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    const problem = translate(error, doc);
    problems.push({ ...problem, severity: severityAt(problem.at, problem.severity) });
  }
  return problems;
}
