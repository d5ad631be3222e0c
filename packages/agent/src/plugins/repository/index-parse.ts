/**
 * Reads a plugin index (Botkube's YAML) and checks each entry as Botkube's
 * `Index.Validate` does, and a little more (checksums, platforms, URLs,
 * versions, names safe as file names). A bad entry is reported with the
 * path of what is wrong (`entries[3].urls[0].checksum`) and left out; the
 * others stay usable. Only a file that is no index at all is an error.
 */
import { parse as parseYaml } from 'yaml';
import { PluginIndexError } from '../../errors.js';
import { parseChecksum } from './checksum.js';
import { parseGetterUrl } from './getter-url.js';
import type {
  IndexDependency,
  IndexEntry,
  IndexJsonSchema,
  IndexProblem,
  IndexUrl,
  PluginIndex,
  PluginType,
} from './index-types.js';
import { parseVersion } from './version.js';

type Mapping = Record<string, unknown>;

/** Names and versions become file names in the cache. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects an entry's problems under its path. */
class EntryChecker {
  readonly problems: IndexProblem[] = [];

  constructor(
    readonly index: number,
    readonly name: string | undefined,
  ) {}

  problem(path: string, message: string): void {
    this.problems.push({
      path: `entries[${this.index}]${path}`,
      message,
      entry: { index: this.index, ...(this.name ? { name: this.name } : {}) },
    });
  }

  /** A string at `path`; `required` makes absence (or an empty string) a problem. */
  string(value: unknown, path: string, required: boolean): string | undefined {
    if (value === undefined || value === null || value === '') {
      if (required) this.problem(path, 'missing: it must be a non-empty string');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(path, `must be a string, not ${describe(value)}`);
      return undefined;
    }
    return value;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Parses index `text` fetched from `source` (its URL: relative download
 * URLs are resolved against it). Throws {@link PluginIndexError} when the
 * text is not YAML or has no `entries` list.
 */
export function parseIndex(text: string, source: string): PluginIndex {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new PluginIndexError(`the plugin index ${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isMapping(document) || !Array.isArray(document.entries))
    throw new PluginIndexError(
      `the plugin index ${source} has no "entries" list: ${isMapping(document) ? 'it has no such key' : `the file holds ${describe(document)}`}; is the repository URL that of a plugin index (botkube.yaml, plugins-index.yaml)?`,
    );
  const entries: IndexEntry[] = [];
  const problems: IndexProblem[] = [];
  const seen = new Map<string, number>();
  document.entries.forEach((raw: unknown, index: number) => {
    const name = isMapping(raw) && typeof raw.name === 'string' ? raw.name : undefined;
    const checker = new EntryChecker(index, name);
    const entry = checkEntry(raw, checker, source);
    if (entry) {
      const key = `${entry.type};${entry.name};${parseVersion(entry.version)?.version ?? entry.version}`;
      const first = seen.get(key);
      if (first !== undefined)
        checker.problem(
          '',
          `${entry.type} ${entry.name} ${entry.version} is listed already, as entries[${first}]; this one is left out`,
        );
      else seen.set(key, index);
    }
    problems.push(...checker.problems);
    if (entry && checker.problems.length === 0) entries.push(entry);
  });
  return { entries, problems, source };
}

function checkEntry(raw: unknown, check: EntryChecker, source: string): IndexEntry | undefined {
  if (!isMapping(raw)) {
    check.problem('', `must be a mapping, not ${describe(raw)}`);
    return undefined;
  }
  const name = check.string(raw.name, '.name', true);
  if (name && !SAFE_NAME.test(name))
    check.problem('.name', `${JSON.stringify(name)} is not a plugin name: use letters, digits, ., _ and -`);
  const type = check.string(raw.type, '.type', true);
  if (type && type !== 'executor' && type !== 'source')
    check.problem('.type', `must be executor or source, not ${JSON.stringify(type)}`);
  const version = check.string(raw.version, '.version', true);
  if (version && (!parseVersion(version) || !SAFE_NAME.test(version)))
    check.problem('.version', `${JSON.stringify(version)} is not a SemVer version (1.2.3, v prefix optional)`);
  const description = check.string(raw.description, '.description', false) ?? '';
  const documentationUrl = check.string(raw.documentationUrl, '.documentationUrl', false);
  if (raw.recommended !== undefined && typeof raw.recommended !== 'boolean')
    check.problem('.recommended', `must be true or false, not ${describe(raw.recommended)}`);
  const urls = checkUrls(raw.urls, check, source);
  const jsonSchema = checkSchema(raw.jsonSchema, '.jsonSchema', check);
  const externalRequest = checkExternalRequest(raw.externalRequest, check);
  if (check.problems.length > 0 || !name || !version || !urls) return undefined;
  return {
    name,
    type: type as PluginType,
    description,
    ...(documentationUrl ? { documentationUrl } : {}),
    version,
    urls,
    ...(jsonSchema ? { jsonSchema } : {}),
    ...(externalRequest ? { externalRequest } : {}),
    recommended: raw.recommended === true,
  };
}

function checkUrls(raw: unknown, check: EntryChecker, source: string): IndexUrl[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    check.problem('.urls', raw === undefined ? 'missing: each entry needs at least one URL' : 'must be a non-empty list');
    return undefined;
  }
  return raw.map((item: unknown, i): IndexUrl => {
    const at = `.urls[${i}]`;
    if (!isMapping(item)) {
      check.problem(at, `must be a mapping, not ${describe(item)}`);
      return { url: '', platform: { os: '', architecture: '' } };
    }
    const url = checkUrl(item.url, `${at}.url`, check, source);
    const checksum = checkChecksum(item.checksum, `${at}.checksum`, check);
    const platform = isMapping(item.platform) ? item.platform : {};
    if (!isMapping(item.platform)) check.problem(`${at}.platform`, 'missing: a URL needs its platform {os, architecture}');
    const os = check.string(platform.os, `${at}.platform.os`, isMapping(item.platform)) ?? '';
    const architecture = check.string(platform.architecture, `${at}.platform.architecture`, isMapping(item.platform)) ?? '';
    const dependencies = checkDependencies(item.dependencies, `${at}.dependencies`, check, source);
    return {
      url: url ?? '',
      ...(checksum ? { checksum } : {}),
      platform: { os, architecture },
      ...(dependencies ? { dependencies } : {}),
    };
  });
}

function checkUrl(raw: unknown, path: string, check: EntryChecker, source: string): string | undefined {
  const url = check.string(raw, path, true);
  if (!url) return undefined;
  try {
    const target = parseGetterUrl(url, source);
    // A remote index naming local files would have the agent copy (and run) whatever it points at.
    if (target.url.startsWith('file:') && !source.startsWith('file:'))
      check.problem(
        path,
        `${JSON.stringify(url)} is a local file, and this index is not: only a file:// index may name file:// URLs`,
      );
  } catch (error) {
    check.problem(path, (error as Error).message);
  }
  return url;
}

function checkChecksum(raw: unknown, path: string, check: EntryChecker): string | undefined {
  const checksum = check.string(raw, path, false);
  if (!checksum) return undefined;
  const parsed = parseChecksum(checksum);
  if (typeof parsed === 'string') check.problem(path, parsed);
  return checksum;
}

function checkDependencies(
  raw: unknown,
  path: string,
  check: EntryChecker,
  source: string,
): Record<string, IndexDependency> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isMapping(raw)) {
    check.problem(path, `must be a mapping of dependency names to {url, checksum}, not ${describe(raw)}`);
    return undefined;
  }
  const dependencies: Record<string, IndexDependency> = {};
  for (const [name, dependency] of Object.entries(raw)) {
    const at = `${path}.${name}`;
    if (!SAFE_NAME.test(name)) check.problem(at, `${JSON.stringify(name)} is not a file name: use letters, digits, ., _ and -`);
    if (!isMapping(dependency)) {
      check.problem(at, `must be a mapping {url, checksum}, not ${describe(dependency)}`);
      continue;
    }
    const url = checkUrl(dependency.url, `${at}.url`, check, source);
    const checksum = checkChecksum(dependency.checksum, `${at}.checksum`, check);
    dependencies[name] = { url: url ?? '', ...(checksum ? { checksum } : {}) };
  }
  return dependencies;
}

function checkSchema(raw: unknown, path: string, check: EntryChecker): IndexJsonSchema | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isMapping(raw)) {
    check.problem(path, `must be a mapping {value, refURL}, not ${describe(raw)}`);
    return undefined;
  }
  const value = raw.value;
  if (value !== undefined && value !== null && typeof value !== 'string' && !isMapping(value))
    check.problem(`${path}.value`, `must be JSON text or a mapping, not ${describe(value)}`);
  const refURL = check.string(raw.refURL, `${path}.refURL`, false);
  const given = typeof value === 'string' ? value !== '' : isMapping(value);
  if (!given && !refURL) return undefined;
  return { ...(given ? { value: value as string | Mapping } : {}), ...(refURL ? { refURL } : {}) };
}

function checkExternalRequest(raw: unknown, check: EntryChecker): IndexEntry['externalRequest'] {
  if (raw === undefined || raw === null) return undefined;
  const payload = isMapping(raw) ? raw.payload : undefined;
  if (!isMapping(raw) || (payload !== undefined && payload !== null && !isMapping(payload))) {
    check.problem('.externalRequest', 'must be a mapping {payload: {jsonSchema}}');
    return undefined;
  }
  const jsonSchema = isMapping(payload)
    ? checkSchema(payload.jsonSchema, '.externalRequest.payload.jsonSchema', check)
    : undefined;
  return { payload: jsonSchema ? { jsonSchema } : {} };
}
