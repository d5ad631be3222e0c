/**
 * Which plugins run, as Botkube decides: a plugin key starts when it is
 * enabled in a group that a channel, a sink or an enabled action binds. Enabled but
 * unbound plugins are not started. One process (or worker) per distinct key,
 * in the runtime its entries name (validation refuses entries of one key
 * that name different ones). A key with RBAC on any entry is impersonated.
 */
import type { Config, PluginGroup, PluginRef } from '../config/types.js';
import { impersonates } from '../kube/impersonation.js';
import type { PluginKind } from '../plugins/supervisor.js';
import type { ChannelDirectory } from './channel-directory.js';

export function wantedPlugins(config: Config, directory: ChannelDirectory): { kind: PluginKind; ref: PluginRef }[] {
  const executorGroups = new Set<string>();
  const sourceGroups = new Set<string>();
  for (const channel of directory.all()) {
    for (const name of channel.bindings.executors) executorGroups.add(name);
    for (const name of channel.bindings.sources) sourceGroups.add(name);
  }
  for (const sink of config.communications.flatMap((group) => group.sinks))
    for (const name of sink.sources) sourceGroups.add(name);
  for (const action of directory.actions().filter((a) => a.enabled)) {
    for (const name of action.bindings.executors) executorGroups.add(name);
    for (const name of action.bindings.sources) sourceGroups.add(name);
  }
  const pick = (kind: PluginKind, groups: readonly PluginGroup[], bound: Set<string>) => {
    const refs = new Map<string, PluginRef>();
    for (const group of groups.filter((g) => bound.has(g.name)))
      for (const entry of group.plugins.filter((e) => e.enabled)) {
        const known = refs.get(entry.key);
        const runtime = entry.runtime ?? known?.runtime;
        const env = [...new Set([...(known?.env ?? []), ...(entry.env ?? [])])];
        const impersonated = known?.impersonated || impersonates(entry.context?.rbac);
        refs.set(entry.key, {
          key: entry.key,
          repo: entry.repo,
          name: entry.name,
          ...(entry.version ? { version: entry.version } : {}),
          ...(runtime ? { runtime } : {}),
          ...(env.length > 0 ? { env } : {}),
          ...(impersonated ? { impersonated } : {}),
        });
      }
    return [...refs.values()].map((ref) => ({ kind, ref }));
  };
  return [...pick('executor', config.executors, executorGroups), ...pick('source', config.sources, sourceGroups)];
}
