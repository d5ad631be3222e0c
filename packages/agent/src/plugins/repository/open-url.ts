/**
 * Opens an `https://`, `http://` or `file://` URL for reading, in chunks.
 * Failures become {@link PluginDownloadError}s that say whether another try
 * may help: the network, a cut connection, a stalled server or a 5xx may
 * pass; a 404 or a missing file will not.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PluginDownloadError } from '../../errors.js';

export interface OpenOptions {
  /** Sent as written (Botkube renders them as Go templates first; chatkube does not). */
  headers?: Record<string, string>;
  /** How long the server may send nothing (before answering, or mid-body) before the try is abandoned. */
  idleTimeoutMs: number;
  /** Bodies larger than this are refused. */
  maxBytes: number;
}

export interface OpenedUrl {
  /** The size the server announced, when it did (and the body is not re-encoded). */
  size: number | undefined;
  /** The body; throws a {@link PluginDownloadError} if the transfer fails midway. */
  chunks: AsyncIterable<Buffer>;
}

const MAX_REDIRECTS = 10;
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Opens `url`; throws a {@link PluginDownloadError} when it cannot be read at all. */
export async function openUrl(url: string, options: OpenOptions): Promise<OpenedUrl> {
  return url.startsWith('file:') ? openFile(url, options) : openHttp(url, options);
}

async function openFile(url: string, options: OpenOptions): Promise<OpenedUrl> {
  const path = fileURLToPath(url);
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = stats.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PluginDownloadError(
      `cannot read ${url}: ${code === 'ENOENT' ? 'there is no such file' : (code ?? (error as Error).message)}`,
      {
        retryable: false,
      },
    );
  }
  if (size > options.maxBytes) throw tooLarge(url, options.maxBytes);
  return { size, chunks: readFile(url, path) };
}

async function* readFile(url: string, path: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
  } catch (error) {
    throw new PluginDownloadError(`cannot read ${url}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      retryable: false,
    });
  }
}

async function openHttp(url: string, options: OpenOptions): Promise<OpenedUrl> {
  const abort = new AbortController();
  const idle = new IdleTimer(abort, options.idleTimeoutMs, url);
  let response: Response;
  try {
    response = await fetchFollowing(url, options.headers ?? {}, abort.signal);
  } catch (error) {
    idle.stop();
    throw idle.reason ?? (error instanceof PluginDownloadError ? error : networkError(url, error));
  }
  if (!response.ok || !response.body) {
    idle.stop();
    await response.body?.cancel().catch(() => undefined);
    throw new PluginDownloadError(`${url} answered HTTP ${response.status} ${response.statusText}`.trim(), {
      retryable: RETRYABLE_STATUS.has(response.status),
      status: response.status,
    });
  }
  const announced = response.headers.get('content-length');
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const size = announced !== null && !encoded ? Number(announced) : undefined;
  if (size !== undefined && size > options.maxBytes) {
    idle.stop();
    await response.body.cancel().catch(() => undefined);
    throw tooLarge(url, options.maxBytes);
  }
  return { size, chunks: readBody(url, response.body, size, idle, options.maxBytes) };
}

/**
 * fetch, following redirects itself: the headers (a repository's token)
 * go along only while the redirects stay on the origin they were meant for.
 */
async function fetchFollowing(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const own = new URL(current).origin === origin;
    // identity: the size announced is then the size of the file.
    const response = await fetch(current, {
      headers: { 'accept-encoding': 'identity', ...(own ? headers : {}) },
      signal,
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return response;
    await response.body?.cancel().catch(() => undefined);
    if (redirects >= MAX_REDIRECTS)
      throw new PluginDownloadError(`${url}: more than ${MAX_REDIRECTS} redirects`, { retryable: false });
    const next = new URL(location, current);
    if (next.protocol !== 'https:' && next.protocol !== 'http:')
      throw new PluginDownloadError(`${url} redirects to ${next.protocol} URL, which is not followed`, { retryable: false });
    current = next.href;
  }
}

async function* readBody(
  url: string,
  body: ReadableStream<Uint8Array>,
  size: number | undefined,
  idle: IdleTimer,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  let received = 0;
  try {
    idle.reset();
    for await (const chunk of body) {
      idle.reset();
      received += chunk.byteLength;
      if (received > maxBytes) throw tooLarge(url, maxBytes);
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (error) {
    if (error instanceof PluginDownloadError) throw error;
    throw idle.reason ?? networkError(url, error, `after ${received}${size === undefined ? '' : ` of ${size}`} bytes`);
  } finally {
    idle.stop();
    // A consumer that stops early (an error of its own) must not leave the connection open.
    await body.cancel().catch(() => undefined);
  }
  if (size !== undefined && received !== size)
    throw new PluginDownloadError(`${url}: the connection ended after ${received} of ${size} bytes`, { retryable: true });
}

/** Aborts the request when the server has been silent for too long, and remembers that it did. */
class IdleTimer {
  reason: PluginDownloadError | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly abort: AbortController,
    private readonly ms: number,
    private readonly url: string,
  ) {
    this.reset();
  }

  reset(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.reason = new PluginDownloadError(`${this.url}: the server sent nothing for ${this.ms / 1000} s`, { retryable: true });
      this.abort.abort(this.reason);
    }, this.ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}

function networkError(url: string, error: unknown, when?: string): PluginDownloadError {
  // fetch says "fetch failed" and keeps what happened in `cause`.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const what = cause?.code ?? cause?.message ?? (error as Error).message;
  return new PluginDownloadError(`${url}: ${what}${when ? ` ${when}` : ''}`, { retryable: true }, { cause: error });
}

function tooLarge(url: string, maxBytes: number): PluginDownloadError {
  return new PluginDownloadError(`${url} is larger than ${maxBytes} bytes, the most chatkube downloads for a plugin`, {
    retryable: false,
  });
}
