/** Plugin repositories: indexes, resolution of plugin keys, verified downloads into the cache, and the index tools. */

export { DEFAULT_DOWNLOAD_POLICY, type DownloadPolicy } from './download-file.js';
export { type ArchiveKind, type GetterUrl, parseGetterUrl } from './getter-url.js';
export { type BuildIndexOptions, type BuiltIndex, buildIndex } from './index-builder.js';
export { parseIndex } from './index-parse.js';
export { INDEX_PATH, type IndexServerOptions, PluginIndexServer } from './index-server.js';
export type {
  IndexDependency,
  IndexEntry,
  IndexJsonSchema,
  IndexProblem,
  IndexUrl,
  PluginIndex,
  PluginType,
} from './index-types.js';
export { PluginRepositories, type RepositoryLocatorOptions, repositoryLocator } from './locator.js';
export { type Platform, resolveEntry, selectUrl } from './resolve.js';
export { extractZip } from './zip-reader.js';
