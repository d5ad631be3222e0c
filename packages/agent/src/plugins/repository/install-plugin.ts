/**
 * Installs a plugin version into the cache, or finds it there: its
 * executable for this platform, its dependencies in `<executable>_deps/`,
 * then the record that says all of it was verified. A plugin whose record
 * and files still match is used as it is, with no download.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../../logging.js';
import type { PluginLocation } from '../runtime.js';
import type { PluginPaths } from './cache-layout.js';
import { type CachedFile, fileMatches, readRecord, recordMatches, type WantedFiles, writeRecord } from './cache-record.js';
import type { DownloadPolicy } from './download-file.js';
import type { DownloadSlots } from './download-slots.js';
import type { IndexUrl } from './index-types.js';
import { installFile } from './install-file.js';

export interface InstallRequest {
  /** The entry's file for this platform. */
  file: IndexUrl;
  /** The plugin's name: the executable looked for in an archive's folder. */
  name: string;
  paths: PluginPaths;
  /** The index's URL, to resolve relative URLs. */
  base: string;
  headersFor(url: string): Record<string, string>;
  policy: DownloadPolicy;
  slots: DownloadSlots;
  logger: Logger;
}

/** The installed plugin's executable and environment. */
export async function installPlugin(request: InstallRequest): Promise<PluginLocation> {
  const { paths, file, logger } = request;
  const location: PluginLocation = { path: paths.executable, env: { PLUGIN_DEPENDENCY_DIR: paths.dependencies } };
  const wanted = wantedFiles(file);
  const record = await readRecord(paths.record);
  if (record && recordMatches(record, wanted) && (await cachedFilesMatch(paths, record.executable, record.dependencies))) {
    logger.debug({ path: paths.executable }, 'plugin found in the cache, verified');
    // Plugins may write to their dependency folder (Botkube's SDK downloads there); it must exist.
    await mkdir(paths.dependencies, { recursive: true });
    return location;
  }
  if (record) {
    logger.info({ path: paths.executable }, 'cached plugin differs from what the index gives; downloading it again');
    await rm(paths.record, { force: true });
  }
  await mkdir(dirname(paths.executable), { recursive: true });
  await mkdir(paths.dependencies, { recursive: true });
  const common = { base: request.base, headersFor: request.headersFor, policy: request.policy, slots: request.slots, logger };
  // Settled, not raced: when one file fails, the others' downloads still end (and clean up) before the error is thrown.
  const settled = await Promise.allSettled([
    installFile({
      ...common,
      url: file.url,
      ...(file.checksum ? { checksum: file.checksum } : {}),
      path: paths.executable,
      name: request.name,
    }),
    ...Object.entries(file.dependencies ?? {}).map(async ([name, dependency]) => {
      const installed = await installFile({
        ...common,
        url: dependency.url,
        ...(dependency.checksum ? { checksum: dependency.checksum } : {}),
        path: join(paths.dependencies, name),
        name,
      });
      return [name, installed] as const;
    }),
  ]);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const [executable, ...dependencies] = settled.map((result) => (result as PromiseFulfilledResult<unknown>).value);
  await writeRecord(paths.record, {
    format: 1,
    downloadedAt: new Date().toISOString(),
    executable: executable as CachedFile,
    dependencies: Object.fromEntries(dependencies as (readonly [string, CachedFile])[]),
  });
  return location;
}

function wantedFiles(file: IndexUrl): WantedFiles {
  const entry = (url: string, checksum: string | undefined) => ({ url, ...(checksum ? { checksum } : {}) });
  return {
    executable: entry(file.url, file.checksum),
    dependencies: Object.fromEntries(
      Object.entries(file.dependencies ?? {}).map(([name, d]) => [name, entry(d.url, d.checksum)]),
    ),
  };
}

async function cachedFilesMatch(
  paths: PluginPaths,
  executable: CachedFile,
  dependencies: Record<string, CachedFile>,
): Promise<boolean> {
  const checks = [
    fileMatches(paths.executable, executable),
    ...Object.entries(dependencies).map(([name, dependency]) => fileMatches(join(paths.dependencies, name), dependency)),
  ];
  return (await Promise.all(checks)).every(Boolean);
}
