/**
 * Downloaded tools: fetched once per checksum into a private cache folder,
 * verified by SHA-256 before they are ever made executable, and reused from
 * then on without downloading again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateFolder } from '@chatkube/plugin';
import { ToolChecksumError, ToolDownloadError } from './errors.js';

/** A single tool binary larger than this is refused. */
const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;
/** A download that takes longer is stopped. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

export interface CachedDownload {
  /** The tool's name, for messages and the file name. */
  tool: string;
  url: string;
  /** Lower-case hex SHA-256. */
  checksum: string;
  cacheDir: string;
  signal: AbortSignal;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Archive formats recognised by their first bytes, to say so rather than run them. */
function archiveKind(head: Uint8Array): string | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'a gzip archive (.tar.gz, .tgz)';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'a zip archive';
  return undefined;
}

/** `signal`, or a timeout: whichever comes first. */
function withTimeout(signal: AbortSignal, ms: number): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort(signal.reason);
  const timer = setTimeout(() => controller.abort(new ToolDownloadError(`the download took longer than ${ms / 1000} s`)), ms);
  signal.addEventListener('abort', abort, { once: true });
  if (signal.aborted) abort();
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    },
  };
}

/** Fetches `url` into `temp`, hashing it on the way; gives the SHA-256 and the first bytes. */
async function fetchTo(request: CachedDownload, temp: string): Promise<{ checksum: string; head: Uint8Array }> {
  const { signal, done } = withTimeout(request.signal, DOWNLOAD_TIMEOUT_MS);
  const what = `downloading ${request.tool} from ${request.url}`;
  const file = await open(temp, 'wx', 0o600);
  try {
    let response: Response;
    try {
      response = await fetch(request.url, { signal, redirect: 'follow' });
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      throw new ToolDownloadError(`${what} failed: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new ToolDownloadError(`${what} failed: HTTP ${response.status} ${response.statusText}`.trim());
    }
    const hash = createHash('sha256');
    let size = 0;
    let head = new Uint8Array();
    try {
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > MAX_DOWNLOAD_BYTES) throw new ToolDownloadError(`${what} failed: larger than ${MAX_DOWNLOAD_BYTES} bytes`);
        if (head.length < 4) head = new Uint8Array([...head, ...chunk.subarray(0, 4 - head.length)]);
        hash.update(chunk);
        await file.write(chunk);
      }
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      if (error instanceof ToolDownloadError) throw error;
      throw new ToolDownloadError(`${what} failed: ${(error as Error).message}`, { cause: error });
    }
    return { checksum: hash.digest('hex'), head };
  } finally {
    done();
    await file.close();
  }
}

/** Downloads and verifies tools, sharing one download between calls that need the same file at once. */
export class ToolCache {
  /** Verified files, or the download under way, by path. */
  readonly #ready = new Map<string, Promise<string>>();

  /** The path of the verified, executable binary: cached, or downloaded now. */
  binary(request: CachedDownload): Promise<string> {
    const path = join(request.cacheDir, request.checksum, request.tool);
    let ready = this.#ready.get(path);
    if (!ready) {
      ready = this.#prepare(request, path);
      this.#ready.set(path, ready);
      ready.catch(() => this.#ready.delete(path));
    }
    return ready;
  }

  async #prepare(request: CachedDownload, path: string): Promise<string> {
    await ensurePrivateFolder(request.cacheDir, 'the exec cache');
    const dir = join(request.cacheDir, request.checksum);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // A file from an earlier run is used only if it still has the declared checksum.
    const cached = await sha256Of(path).catch(() => undefined);
    if (cached === request.checksum) return path;
    if (cached !== undefined) await rm(path, { force: true });

    const temp = join(dir, `.${request.tool}.${randomBytes(6).toString('hex')}.download`);
    try {
      const { checksum, head } = await fetchTo(request, temp);
      if (checksum !== request.checksum) {
        throw new ToolChecksumError(
          `the ${request.tool} downloaded from ${request.url} does not have the declared checksum: ` +
            `expected sha256 ${request.checksum}, got ${checksum}; the file was removed`,
        );
      }
      const archive = archiveKind(head);
      if (archive) {
        throw new ToolDownloadError(
          `the ${request.tool} downloaded from ${request.url} is ${archive}: exec runs plain binaries only, so point url at the binary itself`,
        );
      }
      await chmod(temp, 0o755);
      await rename(temp, path);
      return path;
    } finally {
      await rm(temp, { force: true });
    }
  }
}
