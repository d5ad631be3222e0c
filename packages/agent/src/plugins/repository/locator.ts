/**
 * Finds a plugin's executable for the supervisor: from the bundled
 * repository (`chatkube`), or from a configured repository, downloaded
 * into the plugin cache once and verified. A key names a repository, a
 * plugin and maybe a version (`botkube/kubectl@v1.14.0`).
 */
import { resolve } from 'node:path';
import type { PluginRef, Repository } from '../../config/types.js';
import { PluginNotFoundError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import { BUNDLED_REPOSITORY, bundledLocator } from '../bundled.js';
import { GO_ARCH_NAME, GO_OS } from '../executable-name.js';
import type { LocatedPlugin, PluginLocation } from '../runtime.js';
import { pluginPaths } from './cache-layout.js';
import { DEFAULT_DOWNLOAD_POLICY, type DownloadPolicy } from './download-file.js';
import { DownloadSlots } from './download-slots.js';
import { IndexStore, type LoadedIndex } from './index-store.js';
import type { IndexEntry, PluginType } from './index-types.js';
import { installPlugin } from './install-plugin.js';
import { type Platform, resolveEntry, selectUrl } from './resolve.js';

export interface RepositoryLocatorOptions {
  /** `plugins.repositories`. */
  repositories: Record<string, Repository>;
  /** `plugins.cacheDir`; a relative one is taken from the working directory at construction. */
  cacheDir: string;
  logger: Logger;
  /** Where the bundled plugins are; without it, the `chatkube` repository is not served. */
  bundledPluginsDir?: string;
  /** The platform whose files are downloaded; default this machine's (`linux/amd64`, …). */
  platform?: Platform;
  download?: Partial<DownloadPolicy>;
}

/** The repositories a configuration names, and the cache their plugins are downloaded to. */
export class PluginRepositories {
  readonly #indexes: IndexStore;
  readonly #installing = new Map<string, Promise<PluginLocation>>();
  readonly #policy: DownloadPolicy;
  readonly #slots: DownloadSlots;
  readonly #platform: Platform;
  readonly #bundled: ((kind: PluginType, ref: PluginRef) => Promise<LocatedPlugin>) | undefined;
  readonly #logger: Logger;

  constructor(private readonly options: RepositoryLocatorOptions) {
    // Plugins are started from these paths: they must not depend on a later working directory.
    this.options = { ...options, cacheDir: resolve(options.cacheDir) };
    this.#policy = { ...DEFAULT_DOWNLOAD_POLICY, ...options.download };
    this.#slots = new DownloadSlots(this.#policy.concurrency);
    this.#platform = options.platform ?? { os: GO_OS, architecture: GO_ARCH_NAME };
    this.#bundled = options.bundledPluginsDir === undefined ? undefined : bundledLocator(options.bundledPluginsDir);
    this.#logger = options.logger;
    this.#indexes = new IndexStore({ ...this.options, policy: this.#policy, slots: this.#slots, logger: options.logger });
    for (const [name, repository] of Object.entries(options.repositories))
      for (const [header, value] of Object.entries(repository.headers))
        if (value.includes('{{'))
          options.logger.warn(
            { repository: name, header },
            'plugin repository header looks like a Go template; chatkube sends header values as written, without rendering them',
          );
  }

  /**
   * Where `ref` is for each runtime it can run in: a downloaded plugin is an
   * executable (downloaded first if need be), a bundled one may also be a
   * worker module. Rejects with a coded error saying what is wrong.
   */
  async locate(kind: PluginType, ref: PluginRef): Promise<LocatedPlugin> {
    // The bundled plugins are never downloaded, whatever plugins.repositories says.
    if (ref.repo === BUNDLED_REPOSITORY && this.#bundled) return this.#bundled(kind, ref);
    return { process: await this.#download(kind, ref) };
  }

  async #download(kind: PluginType, ref: PluginRef): Promise<PluginLocation> {
    const repository = this.options.repositories[ref.repo];
    if (!repository) {
      const known = Object.keys(this.options.repositories);
      throw new PluginNotFoundError(
        `plugin ${ref.key}: there is no repository '${ref.repo}' in plugins.repositories${known.length > 0 ? ` (it has ${known.join(', ')})` : ''}`,
      );
    }
    const { entry, index } = await this.#resolve(kind, ref);
    const file = selectUrl(entry, this.#platform, ref.key);
    const paths = pluginPaths(this.options.cacheDir, ref.repo, entry);
    // Two keys may name one version (`r/x` and `r/x@1.0.0`): it is installed once.
    let installing = this.#installing.get(paths.executable);
    if (!installing) {
      const logger = this.#logger.child({ plugin: ref.key, version: entry.version });
      installing = installPlugin({
        file,
        name: entry.name,
        paths,
        base: index.index.source,
        headersFor: (url) => (sameOrigin(url, repository.url) ? repository.headers : {}),
        policy: this.#policy,
        slots: this.#slots,
        logger,
      });
      this.#installing.set(paths.executable, installing);
      // Later calls check the cache again (the supervisor calls at each restart).
      void installing.then(
        () => this.#installing.delete(paths.executable),
        () => this.#installing.delete(paths.executable),
      );
    }
    return installing;
  }

  /** The entry, from the index as it is, or as downloaded again once if the plugin is missing from it. */
  async #resolve(kind: PluginType, ref: PluginRef): Promise<{ entry: IndexEntry; index: LoadedIndex }> {
    const index = await this.#indexes.get(ref.repo);
    try {
      return { entry: resolveEntry(index.index, kind, ref), index };
    } catch (error) {
      if (!(error instanceof PluginNotFoundError) || index.fresh) throw error;
      this.#logger.info({ plugin: ref.key, repository: ref.repo }, 'plugin not in the cached index; fetching the index again');
      const again = await this.#indexes.refreshOnce(ref.repo);
      return { entry: resolveEntry(again.index, kind, ref), index: again };
    }
  }
}

/**
 * A locator for the supervisor: `PluginRepositories.locate`, bound.
 * The repository's headers go with requests to the index's own origin
 * (scheme, host, port) only, never to other hosts a download redirects to
 * or an index points at, so a token for the index cannot leak.
 */
export function repositoryLocator(
  options: RepositoryLocatorOptions,
): (kind: PluginType, ref: PluginRef) => Promise<LocatedPlugin> {
  const repositories = new PluginRepositories(options);
  return (kind, ref) => repositories.locate(kind, ref);
}

function sameOrigin(url: string, indexUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(indexUrl).origin;
  } catch {
    return false;
  }
}
