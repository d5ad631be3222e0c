/**
 * Unpacks a downloaded archive into a folder and finds the executable in
 * it: Botkube's rule (the first non-hidden file with no extension, or
 * `.exe` or `.sh`), looking into subfolders when the top has none, and
 * preferring files marked executable; or exactly the path a go-getter URL
 * named (`…/tool.tar.gz//dir/tool`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { PluginArchiveError } from '../../errors.js';
import type { ArchiveKind } from './getter-url.js';
import { extractZip } from './zip-reader.js';

/** Unpacks `file` (of `kind`) into the empty folder `dir`. */
export async function unpack(
  file: string,
  kind: ArchiveKind,
  dir: string,
  options: { maxBytes: number; name: string },
): Promise<void> {
  try {
    if (kind === 'zip') await extractZip(file, dir, options);
    else if (kind === 'gz')
      await pipeline(createReadStream(file), createGunzip(), createWriteStream(join(dir, options.name), { mode: 0o755 }));
    else await extractTar(file, kind, dir, options.maxBytes);
  } catch (error) {
    if (error instanceof PluginArchiveError) throw error;
    throw new PluginArchiveError(`${file} cannot be unpacked as ${kind}: ${(error as Error).message}`, { cause: error });
  }
}

async function extractTar(file: string, kind: ArchiveKind, dir: string, maxBytes: number): Promise<void> {
  // Loaded when an archive comes, not at every start of the agent.
  const tar = await import('tar');
  let total = 0;
  await tar.x({
    file,
    cwd: dir,
    gzip: kind === 'tar.gz',
    // Warnings (an entry with .. in its path, …) fail the whole archive.
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    filter: (path, entry) => {
      const type = 'type' in entry ? entry.type : undefined;
      // Links could point anywhere; a plugin archive needs none.
      if (type !== 'File' && type !== 'OldFile' && type !== 'ContiguousFile' && type !== 'Directory') return false;
      total += entry.size ?? 0;
      if (total > maxBytes)
        throw new PluginArchiveError(
          `${file}: the archive unpacks to more than the ${maxBytes} bytes chatkube accepts (at ${path})`,
        );
      return true;
    },
  });
}

/**
 * The executable in the unpacked folder `dir`: at `subpath` if given (a
 * file, or a folder holding `name` or another executable), else found by
 * Botkube's rule. Throws {@link PluginArchiveError} naming what is there.
 */
export async function findExecutable(dir: string, archive: string, options: { subpath?: string; name: string }): Promise<string> {
  if (options.subpath !== undefined) {
    const target = join(dir, options.subpath);
    const stats = await stat(target).catch(() => undefined);
    if (stats?.isFile()) return target;
    if (!stats?.isDirectory())
      throw new PluginArchiveError(`${archive} has no ${options.subpath}; it holds: ${await listing(dir)}`);
    const named = join(target, options.name);
    if ((await stat(named).catch(() => undefined))?.isFile()) return named;
    const found = await firstExecutable(target);
    if (found) return found;
    throw new PluginArchiveError(`${archive}: ${options.subpath} holds no executable; it holds: ${await listing(target)}`);
  }
  const found = (await firstExecutable(dir)) ?? (await inSubfolders(dir));
  if (found) return found;
  throw new PluginArchiveError(
    `${archive} holds no executable (a file with no extension, or .exe or .sh, not hidden); it holds: ${await listing(dir)}`,
  );
}

/** Botkube's rule in one folder, names in order; among the candidates, one with an execute bit wins. */
async function firstExecutable(dir: string): Promise<string | undefined> {
  const candidates: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const extension = extname(entry.name).toLowerCase();
    if (entry.isFile() && !entry.name.startsWith('.') && (extension === '' || extension === '.exe' || extension === '.sh'))
      candidates.push(join(dir, entry.name));
  }
  candidates.sort();
  for (const candidate of candidates) if ((await stat(candidate)).mode & 0o111) return candidate;
  return candidates[0];
}

/** Breadth first: an archive that wraps its files in a top folder (`tool-1.0/tool`). */
async function inSubfolders(dir: string): Promise<string | undefined> {
  let level = [dir];
  while (level.length > 0) {
    const next: string[] = [];
    for (const folder of level) {
      const subfolders = (await readdir(folder, { withFileTypes: true }))
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => join(folder, e.name))
        .sort();
      for (const subfolder of subfolders) {
        const found = await firstExecutable(subfolder);
        if (found) return found;
      }
      next.push(...subfolders);
    }
    level = next;
  }
  return undefined;
}

async function listing(dir: string): Promise<string> {
  const names = (await readdir(dir, { recursive: true })).map(String).sort();
  return names.length === 0
    ? 'nothing'
    : names.slice(0, 20).join(', ') + (names.length > 20 ? `, … (${names.length} in all)` : '');
}
