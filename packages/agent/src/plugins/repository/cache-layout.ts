/**
 * Where the plugin cache (`plugins.cacheDir`) keeps things:
 *
 *     {cacheDir}/{repo}.yaml                              the repository's index (Botkube's place for it)
 *     {cacheDir}/{repo}/{type}_{name}_{version}           a plugin's executable
 *     {cacheDir}/{repo}/{type}_{name}_{version}_deps/     its dependencies, one file each
 *     {cacheDir}/{repo}/{type}_{name}_{version}.verified.json   what was downloaded, from where, with which SHA-256
 *
 * Botkube names executables `{type}_{version}_{name}`; chatkube puts the
 * name first so that a plugin's versions sort together, and so that
 * Botkube's files (never verified) in a shared cache are not taken for
 * chatkube's verified ones.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PluginIndexError } from '../../errors.js';
import type { IndexEntry } from './index-types.js';

/** Repository names become folder names. */
const SAFE_FOLDER = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export interface PluginPaths {
  executable: string;
  dependencies: string;
  record: string;
}

function checkedRepo(repo: string): string {
  if (!SAFE_FOLDER.test(repo))
    throw new PluginIndexError(
      `the repository name ${JSON.stringify(repo)} cannot be a folder of the plugin cache: use letters, digits, ., _ and -`,
    );
  return repo;
}

export function indexCachePath(cacheDir: string, repo: string): string {
  return join(cacheDir, `${checkedRepo(repo)}.yaml`);
}

/** The entry's name and version are checked safe as file names when the index is read. */
export function pluginPaths(cacheDir: string, repo: string, entry: IndexEntry): PluginPaths {
  const executable = join(cacheDir, checkedRepo(repo), `${entry.type}_${entry.name}_${entry.version}`);
  return { executable, dependencies: `${executable}_deps`, record: `${executable}.verified.json` };
}

/** A name beside `path` no other download uses, for writing before renaming into place. */
export function temporaryPath(path: string, purpose: 'downloading' | 'unpacking'): string {
  return `${path}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
