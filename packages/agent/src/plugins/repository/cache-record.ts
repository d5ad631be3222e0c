/**
 * The record beside a cached plugin (`….verified.json`): the URLs and
 * checksums its files were downloaded with and the SHA-256 of each file as
 * installed. It is written last, once everything is in place, so a plugin
 * with a record matching what the index asks for, and files matching the
 * record, is complete and verified: it is not downloaded again.
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { temporaryPath } from './cache-layout.js';

/** One installed file. */
export interface CachedFile {
  /** The URL as the index wrote it. */
  url: string;
  /** The checksum the index gave (of the download, which may be an archive). */
  checksum?: string;
  /** Of the file as installed. */
  sha256: string;
  size: number;
}

export interface CacheRecord {
  format: 1;
  downloadedAt: string;
  executable: CachedFile;
  dependencies: Record<string, CachedFile>;
}

/** What the index asks for: URLs and checksums, by file. */
export interface WantedFiles {
  executable: { url: string; checksum?: string };
  dependencies: Record<string, { url: string; checksum?: string }>;
}

export async function readRecord(path: string): Promise<CacheRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as CacheRecord;
    return record.format === 1 && record.executable && record.dependencies ? record : undefined;
  } catch {
    // Missing or damaged: the plugin is downloaded again.
    return undefined;
  }
}

export async function writeRecord(path: string, record: CacheRecord): Promise<void> {
  const temporary = temporaryPath(path, 'downloading');
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, path);
}

/** True when `record` was made for the same URLs and checksums the index gives now. */
export function recordMatches(record: CacheRecord, wanted: WantedFiles): boolean {
  const same = (file: CachedFile | undefined, want: { url: string; checksum?: string }): boolean =>
    file !== undefined && file.url === want.url && (file.checksum ?? '') === (want.checksum ?? '');
  const names = Object.keys(wanted.dependencies);
  return (
    same(record.executable, wanted.executable) &&
    names.length === Object.keys(record.dependencies).length &&
    names.every((name) => same(record.dependencies[name], wanted.dependencies[name] as { url: string }))
  );
}

/** True when the file at `path` is still the one recorded (its size, then its SHA-256). */
export async function fileMatches(path: string, file: CachedFile): Promise<boolean> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats?.isFile() || stats.size !== file.size) return false;
  return (await sha256Of(path)) === file.sha256;
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
