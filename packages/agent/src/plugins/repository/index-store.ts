/**
 * The indexes of the configured repositories. As Botkube does, an index is
 * downloaded once and kept in the cache (`{cacheDir}/{repo}.yaml`), read
 * from there afterwards, and downloaded again once when a plugin asked for
 * is not in the cached copy. `file://` indexes are read where they are.
 * Entries the index gets wrong are logged, once per read, and left out.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Repository } from '../../config/types.js';
import { PluginIndexError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import { indexCachePath, temporaryPath } from './cache-layout.js';
import { type DownloadPolicy, downloadFile } from './download-file.js';
import type { DownloadSlots } from './download-slots.js';
import { parseIndex } from './index-parse.js';
import type { PluginIndex } from './index-types.js';
import { openUrl } from './open-url.js';

/** An index as the store has it; `fresh` when it was just fetched (not read from the cache). */
export interface LoadedIndex {
  index: PluginIndex;
  fresh: boolean;
}

export interface IndexStoreOptions {
  repositories: Record<string, Repository>;
  cacheDir: string;
  policy: DownloadPolicy;
  slots: DownloadSlots;
  logger: Logger;
}

const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** The first line of a cached index: where it came from, so a changed repository URL is fetched anew. */
const CACHE_HEADER = '# chatkube: plugin index fetched from ';

interface RepositoryState {
  current: Promise<LoadedIndex> | undefined;
  refreshed: Promise<LoadedIndex> | undefined;
}

export class IndexStore {
  readonly #states = new Map<string, RepositoryState>();

  constructor(private readonly options: IndexStoreOptions) {}

  /** The repository's index: the one read already, else the cached copy, else downloaded. */
  get(repo: string): Promise<LoadedIndex> {
    const state = this.#state(repo);
    state.current ??= this.#forget(state, this.#load(repo, false));
    return state.current;
  }

  /**
   * The index downloaded again, at most once for the store's life: when a
   * plugin is missing, and for every plugin missing after that, the same
   * download serves.
   */
  refreshOnce(repo: string): Promise<LoadedIndex> {
    const state = this.#state(repo);
    if (!state.refreshed) {
      state.refreshed = this.#load(repo, true);
      state.current = state.refreshed;
      // A failed download may be tried again by a later miss.
      state.refreshed.catch(() => {
        if (state.current === state.refreshed) state.current = undefined;
        state.refreshed = undefined;
      });
    }
    return state.refreshed;
  }

  #state(repo: string): RepositoryState {
    let state = this.#states.get(repo);
    if (!state) {
      state = { current: undefined, refreshed: undefined };
      this.#states.set(repo, state);
    }
    return state;
  }

  /** A failure is not kept: the next call tries again. */
  #forget(state: RepositoryState, loading: Promise<LoadedIndex>): Promise<LoadedIndex> {
    loading.catch(() => {
      if (state.current === loading) state.current = undefined;
    });
    return loading;
  }

  async #load(repo: string, refresh: boolean): Promise<LoadedIndex> {
    const repository = this.options.repositories[repo];
    if (!repository) throw new PluginIndexError(`there is no plugin repository '${repo}' in plugins.repositories`);
    const logger = this.options.logger.child({ repository: repo });
    const url = repository.url;
    let loaded: LoadedIndex;
    if (url.startsWith('file:')) loaded = { index: await this.#readFileIndex(url), fresh: true };
    else {
      const cached = refresh ? undefined : await this.#readCached(repo, url, logger);
      loaded = cached ? { index: cached, fresh: false } : { index: await this.#download(repo, repository, logger), fresh: true };
    }
    for (const problem of loaded.index.problems)
      logger.warn(
        { at: problem.path, problem: problem.message },
        `plugin index entry left out: ${problem.path}: ${problem.message}`,
      );
    logger.info({ url, entries: loaded.index.entries.length, fromCache: !loaded.fresh }, 'plugin index loaded');
    return loaded;
  }

  async #readFileIndex(url: string): Promise<PluginIndex> {
    const opened = await openUrl(url, { idleTimeoutMs: this.options.policy.idleTimeoutMs, maxBytes: MAX_INDEX_BYTES }).catch(
      (error) => {
        throw new PluginIndexError(`the plugin index cannot be read: ${(error as Error).message}`, { cause: error });
      },
    );
    const chunks: Buffer[] = [];
    for await (const chunk of opened.chunks) chunks.push(chunk);
    return parseIndex(Buffer.concat(chunks).toString('utf8'), url);
  }

  async #readCached(repo: string, url: string, logger: Logger): Promise<PluginIndex | undefined> {
    const path = indexCachePath(this.options.cacheDir, repo);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    if (!text.startsWith(`${CACHE_HEADER}${url}\n`)) {
      logger.info({ path }, 'the cached plugin index is from another URL; fetching it again');
      return undefined;
    }
    try {
      return parseIndex(text, url);
    } catch (error) {
      logger.warn({ path, err: (error as Error).message }, 'the cached plugin index is damaged; fetching it again');
      return undefined;
    }
  }

  async #download(repo: string, repository: Repository, logger: Logger): Promise<PluginIndex> {
    const path = indexCachePath(this.options.cacheDir, repo);
    await mkdir(dirname(path), { recursive: true });
    const temporary = temporaryPath(path, 'downloading');
    try {
      await downloadFile({
        url: repository.url,
        path: temporary,
        headers: repository.headers,
        policy: { ...this.options.policy, maxBytes: MAX_INDEX_BYTES },
        slots: this.options.slots,
        logger,
      }).catch((error) => {
        throw new PluginIndexError(`the plugin index of repository '${repo}' cannot be fetched: ${(error as Error).message}`, {
          cause: error,
        });
      });
      const text = await readFile(temporary, 'utf8');
      // Parsed before it replaces the cached copy: a broken download never does.
      const index = parseIndex(text, repository.url);
      await writeFile(temporary, `${CACHE_HEADER}${repository.url}\n${text}`, { mode: 0o600 });
      await rename(temporary, path);
      return index;
    } finally {
      await rm(temporary, { force: true });
    }
  }
}
