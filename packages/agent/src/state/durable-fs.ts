/**
 * The file operations that make a change survive a crash: a file replaced
 * atomically (temp file, fsync, rename, fsync of the directory) and a
 * directory synced after its entries change.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

/** The temp files {@link writeFileAtomic} makes for `name`: `.name.<random>.tmp`. */
function tempPrefix(name: string): string {
  return `.${name}.`;
}

/** Makes the entries of `dir` (created, renamed, removed files) durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` so that, whenever the process dies, the file
 * holds either the old or the new content, never a mix; durable once the
 * promise resolves.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${tempPrefix(basename(path))}${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/**
 * Removes the temp files a crash in {@link writeFileAtomic} left beside
 * `path`. Only safe while no one else writes `path` (under the dir's lock).
 * Returns the names removed.
 */
export async function removeLeftoverTemps(path: string): Promise<string[]> {
  const dir = dirname(path);
  const prefix = tempPrefix(basename(path));
  const leftovers = (await readdir(dir)).filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX));
  for (const name of leftovers) await rm(join(dir, name), { force: true });
  if (leftovers.length > 0) await syncDir(dir);
  return leftovers;
}
