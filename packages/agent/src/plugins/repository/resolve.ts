/**
 * Which index entry and which file a plugin key means: `repo/name` is the
 * highest version of that name and kind, `repo/name@version` exactly that
 * version (Botkube downloaded the latest's files even then), and the file is
 * the one for this machine's platform.
 */
import type { PluginRef } from '../../config/types.js';
import { PluginNotFoundError } from '../../errors.js';
import type { IndexEntry, IndexUrl, PluginIndex, PluginType } from './index-types.js';
import { newestFirst, sameVersion } from './version.js';

/** An `{os, architecture}` as Go names them (`linux`, `amd64`). */
export interface Platform {
  os: string;
  architecture: string;
}

/** The entry `ref` names in `index`; throws {@link PluginNotFoundError} saying what the index has. */
export function resolveEntry(index: PluginIndex, kind: PluginType, ref: PluginRef): IndexEntry {
  const named = index.entries
    .filter((entry) => entry.type === kind && entry.name === ref.name)
    .sort((a, b) => newestFirst(a.version, b.version));
  const where = `the index of repository '${ref.repo}' (${index.source})`;
  if (named.length === 0)
    throw new PluginNotFoundError(
      `plugin ${ref.key}: ${where} has no ${kind} named '${ref.name}'; ${inventory(index, kind)}${leftOut(index, ref.name)}`,
    );
  if (ref.version === undefined) return named[0] as IndexEntry;
  const pinned = named.find((entry) => sameVersion(entry.version, ref.version as string));
  if (!pinned)
    throw new PluginNotFoundError(
      `plugin ${ref.key}: ${where} has no version ${ref.version} of ${kind} '${ref.name}'; it has ${named.map((e) => e.version).join(', ')}${leftOut(index, ref.name)}`,
    );
  return pinned;
}

/** The entry's file for `platform`; throws {@link PluginNotFoundError} listing the platforms it has. */
export function selectUrl(entry: IndexEntry, platform: Platform, key: string): IndexUrl {
  const url = entry.urls.find((u) => u.platform.os === platform.os && u.platform.architecture === platform.architecture);
  if (url) return url;
  const has = entry.urls.map((u) => `${u.platform.os}/${u.platform.architecture}`).join(', ');
  throw new PluginNotFoundError(
    `plugin ${key}: ${entry.type} ${entry.name} ${entry.version} has no file for ${platform.os}/${platform.architecture}, only for ${has}`,
  );
}

/** `it has executors: echo (1.1.0, 1.0.0), kubectl (v1.14.0)`. */
function inventory(index: PluginIndex, kind: PluginType): string {
  const versions = new Map<string, string[]>();
  for (const entry of index.entries.filter((e) => e.type === kind))
    versions.set(entry.name, [...(versions.get(entry.name) ?? []), entry.version]);
  if (versions.size === 0) return `it has no ${kind}s`;
  const listed = [...versions]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => `${name} (${list.sort(newestFirst).join(', ')})`);
  return `it has ${kind}s: ${listed.join(', ')}`;
}

/** Entries of that name the index left out, with why: the likely reason it is missing. */
function leftOut(index: PluginIndex, name: string): string {
  const problems = index.problems.filter((p) => p.entry?.name === name);
  if (problems.length === 0) return '';
  return `. Entries of that name were left out because they are invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`;
}
