/**
 * Unpacks a zip archive: enough of the format for plugin archives (stored
 * and deflated entries, as Go's archive/zip, zip(1) and GoReleaser write
 * them), read from the central directory, each entry's CRC-32 and size
 * checked. Refused: paths that leave the folder, encrypted entries, other
 * compression methods, zip64 and multi-disk archives. Symbolic links are
 * skipped, never followed or created.
 */

import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { PluginArchiveError } from '../../errors.js';
import { crc32 } from './crc32.js';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const MAX_ENTRIES = 10_000;
const UNIX = 3;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

export interface ZipEntry {
  /** The path inside the archive, `/`-separated. */
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** Unix permission and type bits, when a Unix tool made the archive. */
  mode: number | undefined;
}

/** Extracts the zip `file` into `dir`; returns the files written, relative to `dir`. */
export async function extractZip(file: string, dir: string, options: { maxBytes: number }): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const entries = await readCentralDirectory(handle, file);
    const total = entries.reduce((sum, entry) => sum + entry.size, 0);
    if (total > options.maxBytes)
      throw new PluginArchiveError(
        `${file}: the archive unpacks to ${total} bytes, more than the ${options.maxBytes} chatkube accepts`,
      );
    const written: string[] = [];
    for (const entry of entries) {
      const path = safePath(entry.name, file);
      if (path === '') continue;
      const type = (entry.mode ?? 0) & S_IFMT;
      if (entry.name.endsWith('/') || type === S_IFDIR) {
        await mkdir(join(dir, path), { recursive: true });
        continue;
      }
      if (type === S_IFLNK) continue;
      const data = await readEntry(handle, entry, file);
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), data, { mode: (entry.mode ?? 0o644) & 0o777 });
      written.push(path);
    }
    return written;
  } finally {
    await handle.close();
  }
}

/** The archive's entries, as its central directory lists them. */
export async function readCentralDirectory(handle: FileHandle, file: string): Promise<ZipEntry[]> {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, size - tailLength, tailLength, file);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw bad(file, 'no end of central directory record: not a zip archive, or a truncated one');
  const disk = tail.readUInt16LE(eocd + 4);
  const count = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (disk !== 0 || tail.readUInt16LE(eocd + 8) !== count) throw bad(file, 'multi-disk archives are not supported');
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff)
    throw bad(file, 'zip64 archives are not supported; use .tar.gz');
  if (count > MAX_ENTRIES) throw bad(file, `it has ${count} entries, more than the ${MAX_ENTRIES} chatkube reads`);
  if (directoryOffset + directorySize > size - tailLength + eocd) throw bad(file, 'the central directory lies outside the file');
  const directory = await readAt(handle, directoryOffset, directorySize, file);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE)
      throw bad(file, `central directory entry ${i} is damaged`);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    if (at + 46 + nameLength > directory.length) throw bad(file, `central directory entry ${i} is damaged`);
    const madeBy = directory.readUInt16LE(at + 4) >> 8;
    const external = directory.readUInt32LE(at + 38);
    entries.push({
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      crc: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      mode: madeBy === UNIX && external >>> 16 !== 0 ? external >>> 16 : undefined,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's bytes, uncompressed and checked against its size and CRC-32. */
async function readEntry(handle: FileHandle, entry: ZipEntry, file: string): Promise<Buffer> {
  if (entry.flags & 0x1) throw bad(file, `${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8)
    throw bad(file, `${entry.name} uses compression method ${entry.method}; only stored and deflate are supported`);
  const header = await readAt(handle, entry.localHeaderOffset, 30, file);
  if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw bad(file, `the local header of ${entry.name} is damaged`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const compressed = await readAt(handle, start, entry.compressedSize, file);
  let data: Buffer;
  if (entry.method === 0) data = compressed;
  else {
    try {
      // An entry that inflates to more than it says it holds is refused, not unpacked.
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      throw bad(file, `${entry.name} does not inflate: ${(error as Error).message}`);
    }
  }
  if (data.length !== entry.size)
    throw bad(file, `${entry.name} holds ${data.length} bytes, not the ${entry.size} its header says`);
  if (crc32(data) !== entry.crc) throw bad(file, `${entry.name} fails its CRC-32 check: the archive is damaged`);
  return data;
}

/** The entry's path, checked to stay inside the folder it is unpacked to. */
function safePath(name: string, file: string): string {
  const parts = name.replaceAll('\\', '/').split('/');
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || parts.includes('..') || name.includes('\0'))
    throw bad(file, `refused entry ${JSON.stringify(name)}: its path leaves the folder the archive is unpacked to`);
  return parts.filter((part) => part !== '' && part !== '.').join('/');
}

async function readAt(handle: FileHandle, position: number, length: number, file: string): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  for (let filled = 0; filled < length; ) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw bad(file, 'it ends early: the archive is truncated');
    filled += bytesRead;
  }
  return buffer;
}

function bad(file: string, why: string): PluginArchiveError {
  return new PluginArchiveError(`${file} is not a zip archive chatkube can unpack: ${why}`);
}
