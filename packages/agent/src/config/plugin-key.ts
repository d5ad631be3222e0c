/** Plugin keys `{repo}/{name}[@{version}]`, as written under `executors.<group>` and `sources.<group>`. */
import type { PluginRef } from './types.js';

/** The repository of the plugins bundled with chatkube: it always exists and is never downloaded. */
export const BUNDLED_REPOSITORY = 'chatkube';

/** The keys of an executor or source group that are not plugin keys. */
export const GROUP_FIELDS: Record<'executors' | 'sources', ReadonlySet<string>> = {
  executors: new Set(['displayName']),
  sources: new Set(['displayName', 'webhook']),
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/;

export const PLUGIN_KEY_EXPECTED = 'a plugin key {repo}/{name}[@{version}], for example chatkube/echo or botkube/kubectl@v1.14.0';

/**
 * Splits a plugin key as Botkube does (at the first `/`, then at `@`), and
 * refuses what could not name a plugin: an empty part, a second `/`, spaces.
 */
export function parsePluginKey(key: string): PluginRef | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  const repo = key.slice(0, slash);
  const rest = key.slice(slash + 1);
  const at = rest.indexOf('@');
  const name = at < 0 ? rest : rest.slice(0, at);
  const version = at < 0 ? undefined : rest.slice(at + 1);
  if (!NAME.test(repo) || !NAME.test(name)) return undefined;
  if (version === undefined) return { key, repo, name };
  return VERSION.test(version) ? { key, repo, name, version } : undefined;
}
