/**
 * Downloads one file to a path the caller chose (a temporary name: the
 * caller renames it into place), checks its checksum, and tries again with
 * backoff when the network failed. A checksum mismatch or a 404 is final.
 * Whatever fails, nothing is left at the path.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { PluginChecksumError, PluginDownloadError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import { type Checksum, formatChecksum, StreamHasher } from './checksum.js';
import type { DownloadSlots } from './download-slots.js';
import { openUrl } from './open-url.js';

/** How plugin files are downloaded. */
export interface DownloadPolicy {
  /** Downloads at once; default 3. */
  concurrency: number;
  /** Tries per file, the first included; default 4. */
  attempts: number;
  /** The wait before the second try, doubled for each next one up to 8 s; default 500 ms. */
  backoffMs: number;
  /** How long a server may send nothing before the try is abandoned; default 30 s. */
  idleTimeoutMs: number;
  /** The largest file accepted; default 1 GiB. */
  maxBytes: number;
}

export const DEFAULT_DOWNLOAD_POLICY: DownloadPolicy = {
  concurrency: 3,
  attempts: 4,
  backoffMs: 500,
  idleTimeoutMs: 30_000,
  maxBytes: 1024 ** 3,
};

const BACKOFF_MAX_MS = 8000;

export interface DownloadRequest {
  url: string;
  /** Where to write; removed if the download fails. */
  path: string;
  /** The checksum the index gives, if any. */
  checksum?: Checksum;
  headers?: Record<string, string>;
  policy: DownloadPolicy;
  slots: DownloadSlots;
  logger: Logger;
}

export interface Downloaded {
  sha256: string;
  size: number;
}

/** Downloads `request.url` to `request.path`, verified. */
export async function downloadFile(request: DownloadRequest): Promise<Downloaded> {
  const { policy, logger } = request;
  for (let attempt = 1; ; attempt++) {
    try {
      return await request.slots.run(() => downloadOnce(request));
    } catch (error) {
      await rm(request.path, { force: true });
      const retryable = error instanceof PluginDownloadError && error.retryable;
      if (!retryable || attempt >= policy.attempts) {
        if (retryable)
          throw new PluginDownloadError(
            `${(error as Error).message} (tried ${attempt} times)`,
            { retryable: true },
            { cause: error },
          );
        throw error;
      }
      const inMs = Math.min(BACKOFF_MAX_MS, policy.backoffMs * 2 ** (attempt - 1));
      logger.warn({ url: request.url, attempt, inMs, err: (error as Error).message }, 'plugin download failed; trying again');
      await sleep(inMs);
    }
  }
}

async function downloadOnce(request: DownloadRequest): Promise<Downloaded> {
  const { url, logger } = request;
  const started = Date.now();
  const opened = await openUrl(url, {
    ...(request.headers ? { headers: request.headers } : {}),
    idleTimeoutMs: request.policy.idleTimeoutMs,
    maxBytes: request.policy.maxBytes,
  });
  logger.info({ url, bytes: opened.size }, 'downloading plugin file');
  const hasher = new StreamHasher(request.checksum);
  const progress = new ProgressLog(logger, url, opened.size);
  await pipeline(
    opened.chunks,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hasher.update(chunk);
        progress.advance(hasher.bytes);
        yield chunk;
      }
    },
    createWriteStream(request.path, { mode: 0o600 }),
  );
  const { sha256, actual } = hasher.digest();
  const expected = request.checksum;
  if (expected && actual !== expected.hex)
    throw new PluginChecksumError(
      `${url}: the file downloaded has ${expected.algorithm} ${actual}, but the index says ${formatChecksum(expected)}; it was removed and not used. Either the index or the file on the server is wrong: tell the repository's maintainers, or pin another version`,
    );
  logger.info(
    { url, bytes: hasher.bytes, sha256, verified: expected !== undefined, ms: Date.now() - started },
    'downloaded plugin file',
  );
  return { sha256, size: hasher.bytes };
}

/** Logs a download at each quarter of its announced size. */
class ProgressLog {
  #next = 1;

  constructor(
    private readonly logger: Logger,
    private readonly url: string,
    private readonly size: number | undefined,
  ) {}

  advance(bytes: number): void {
    if (!this.size || this.#next > 3 || bytes < (this.size * this.#next) / 4) return;
    while (this.#next <= 3 && bytes >= (this.size * this.#next) / 4) this.#next++;
    this.logger.info(
      { url: this.url, bytes, of: this.size, percent: Math.floor((bytes / this.size) * 100) },
      'downloading plugin file',
    );
  }
}
