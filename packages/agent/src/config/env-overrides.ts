/**
 * Configuration from environment variables, as Botkube reads them (prefix
 * `BOTKUBE_`) and as chatkube does (prefix `CHATKUBE_`, which wins): `_`
 * separates keys, `__` marks a camelCase word boundary, so
 * `CHATKUBE_SETTINGS_CLUSTER__NAME` sets `settings.clusterName`. A word
 * matches an existing key (or a key the schema knows) compared without case,
 * `-` and `_`, so that `…_COMMUNICATIONS_DEFAULTGROUP_…` reaches
 * `default-group`. Values are strings, turned into the number, boolean or
 * comma-separated list the schema expects there.
 */
import { withBotkubeSpellings } from './botkube-spellings.js';
import { isPlainObject, type LayeredDocument } from './layers.js';
import type { ConfigProblem } from './problems.js';
import { itemSchema, propertyNames, type SchemaNode, schemaAt, schemaTypes } from './schema-walk.js';

/** In the order they are applied: the last one wins. */
const PREFIXES = ['BOTKUBE_', 'CHATKUBE_'] as const;

/** `SETTINGS_CLUSTER__NAME` → `['settings', 'clusterName']`, as Botkube's koanf provider splits it. */
export function envNameToKeys(name: string): string[] {
  const keys: string[] = [];
  let key = '';
  let wordStart = false;
  for (let i = 0; i < name.length; i++) {
    const char = name[i] ?? '';
    if (char === '_' && name[i + 1] === '_') {
      wordStart = true;
      i++;
    } else if (char === '_') {
      keys.push(key);
      key = '';
      wordStart = false;
    } else {
      key += wordStart ? char.toUpperCase() : char.toLowerCase();
      wordStart = false;
    }
  }
  keys.push(key);
  // A trailing `__` starts a word that never comes: an empty key, refused by the caller.
  if (wordStart) keys.push('');
  return keys;
}

const canonical = (key: string) => key.toLowerCase().replaceAll('-', '').replaceAll('_', '');

/** strconv.ParseBool's spellings, and "" as false, as mapstructure's weak typing reads them. */
const BOOLEANS: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  true: true,
  TRUE: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  false: false,
  FALSE: false,
  False: false,
  '': false,
};

/** The value a string becomes where the schema expects `schema`; left a string when it cannot be one. */
function typed(value: string, schema: SchemaNode | undefined): unknown {
  const types = schemaTypes(schema);
  if (types.length !== 1) return value;
  switch (types[0]) {
    case 'boolean':
      return BOOLEANS[value] ?? value;
    case 'integer':
      return /^[-+]?\d+$/.test(value.trim()) ? Number(value) : value;
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'array':
      return value.trim() === '' ? [] : value.split(',').map((item) => typed(item.trim(), itemSchema(schema)));
    default:
      return value;
  }
}

function nested(path: readonly string[], value: unknown): Record<string, unknown> {
  let doc: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) doc = { [path[i] ?? '']: doc };
  return doc as Record<string, unknown>;
}

/** The variables that are configuration, in the order they apply. */
function configVariables(env: NodeJS.ProcessEnv): { variable: string; keys: string[]; value: string }[] {
  const topLevel = new Set(propertyNames(schemaAt([])).map(canonical));
  const found: { variable: string; keys: string[]; value: string }[] = [];
  for (const prefix of PREFIXES) {
    const names = Object.keys(env)
      .filter((name) => name.startsWith(prefix))
      .sort();
    for (const variable of names) {
      const value = env[variable];
      const keys = envNameToKeys(variable.slice(prefix.length));
      // Anything else (CHATKUBE_LOG_LEVEL, BOTKUBE_CONFIG_PATHS, …) is for other code.
      if (value !== undefined && topLevel.has(canonical(keys[0] ?? ''))) found.push({ variable, keys, value });
    }
  }
  return found;
}

/** The key path a variable's words name in `doc`; `intoList` when a list stands in the way. */
function resolvePath(keys: readonly string[], doc: Record<string, unknown>): { path: string[]; intoList: boolean } {
  const path: string[] = [];
  let node: unknown = doc;
  for (const key of keys) {
    if (Array.isArray(node)) return { path, intoList: true };
    const candidates = [...(isPlainObject(node) ? Object.keys(node) : []), ...propertyNames(schemaAt(path))];
    const actual =
      candidates.find((name) => name === key) ?? candidates.find((name) => canonical(name) === canonical(key)) ?? key;
    path.push(actual);
    node = isPlainObject(node) ? node[actual] : undefined;
  }
  return { path, intoList: false };
}

/**
 * Applies the environment's overrides to `document`, each as a layer named
 * `$VARIABLE`, and returns what could not be applied.
 */
export function applyEnvOverrides(env: NodeJS.ProcessEnv, document: LayeredDocument): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const { variable, keys, value } of configVariables(env)) {
    const file = `$${variable}`;
    if (keys.some((key) => key === '')) {
      problems.push({ file, path: '', message: 'has an empty key (a stray "_"?); ignored', severity: 'warning' });
      continue;
    }
    const { path, intoList } = resolvePath(keys, document.doc);
    if (intoList) {
      const message = 'is a list: set the whole list with a comma-separated value; ignored';
      problems.push({ file, path: path.join('.'), message, severity: 'warning' });
      continue;
    }
    document.add(withBotkubeSpellings({ name: file, doc: nested(path, typed(value, schemaAt(path))) }));
  }
  return problems;
}
