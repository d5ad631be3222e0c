/**
 * Puts one file of a plugin (its executable, or a dependency) in place:
 * downloads it under a temporary name, verified; unpacks it when it is an
 * archive and takes the executable out; makes it executable (0755); and
 * renames it to its place, so a reader never sees half a file.
 */
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import type { Logger } from '../../logging.js';
import { findExecutable, unpack } from './archive.js';
import { temporaryPath } from './cache-layout.js';
import { type CachedFile, sha256Of } from './cache-record.js';
import { type Checksum, parseChecksum } from './checksum.js';
import { type DownloadPolicy, downloadFile } from './download-file.js';
import type { DownloadSlots } from './download-slots.js';
import { parseGetterUrl } from './getter-url.js';

export interface InstallFileRequest {
  /** As the index wrote it (go-getter subpath included). */
  url: string;
  checksum?: string;
  /** The index's URL: relative URLs are resolved against it. */
  base: string;
  /** Where the file goes. */
  path: string;
  /** The file's name, looked for in a folder an archive URL names. */
  name: string;
  /** The headers for a URL (the repository's, on its own origin only). */
  headersFor(url: string): Record<string, string>;
  policy: DownloadPolicy;
  slots: DownloadSlots;
  logger: Logger;
}

/** Installs the file and says what was installed. */
export async function installFile(request: InstallFileRequest): Promise<CachedFile> {
  // Both were checked when the index was read.
  const target = parseGetterUrl(request.url, request.base);
  const checksum = request.checksum ? (parseChecksum(request.checksum) as Checksum) : undefined;
  const download = temporaryPath(request.path, 'downloading');
  const downloaded = await downloadFile({
    url: target.url,
    path: download,
    ...(checksum ? { checksum } : {}),
    headers: request.headersFor(target.url),
    policy: request.policy,
    slots: request.slots,
    logger: request.logger,
  });
  let executable = download;
  const unpacked = target.archive ? temporaryPath(request.path, 'unpacking') : undefined;
  try {
    if (target.archive && unpacked) {
      await mkdir(unpacked, { recursive: true, mode: 0o700 });
      await unpack(download, target.archive, unpacked, { maxBytes: request.policy.maxBytes, name: request.name });
      executable = await findExecutable(unpacked, target.url, {
        ...(target.subpath !== undefined ? { subpath: target.subpath } : {}),
        name: request.name,
      });
      request.logger.debug({ url: target.url, file: executable.slice(unpacked.length + 1) }, 'unpacked plugin archive');
    }
    await chmod(executable, 0o755);
    const sha256 = executable === download ? downloaded.sha256 : await sha256Of(executable);
    const size = executable === download ? downloaded.size : (await stat(executable)).size;
    await rename(executable, request.path);
    return { url: request.url, ...(request.checksum ? { checksum: request.checksum } : {}), sha256, size };
  } finally {
    await rm(download, { force: true });
    if (unpacked) await rm(unpacked, { recursive: true, force: true });
  }
}
