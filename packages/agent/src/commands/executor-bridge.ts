/**
 * Routes a command to the executor plugin that answers it, as Botkube does:
 * the first word is a plugin's name (repo and version ignored) among the
 * enabled plugins of the channel's bound executor groups; the configs of
 * every bound group that has it are sent in binding order, and the last
 * matching key's process runs the command. The first matching entry's
 * `context.rbac` decides the kubeconfig generated for the call.
 */
import type { ExecuteOutput, Message } from '@chatkube/api';
import { stringify } from 'yaml';
import type { Config, PluginEntry, PluginGroup, RbacRule } from '../config/types.js';
import type { KubeconfigGenerator } from '../kube/kubeconfig-generator.js';
import type { ExecuteRequest } from '../plugins/host/executor-client.js';
import type { PluginSupervisor } from '../plugins/supervisor.js';

export interface ExecutorRoute {
  /** The plugin's name: the command's first word. */
  name: string;
  /** The plugin key whose process runs the command. */
  key: string;
  /** Each bound group's config, as YAML, in binding order. */
  configs: string[];
  /** The RBAC of the first matching entry (the config check makes them all the same). */
  rbac?: RbacRule;
}

/** A plugin config as the plugin receives it: YAML with sorted keys, as Botkube's `sigs.k8s.io/yaml` writes it. */
const toYaml = (config: unknown): string => stringify(config, { sortMapEntries: true });

export class ExecutorBridge {
  readonly #groups: Map<string, PluginGroup>;

  constructor(
    config: Config,
    private readonly supervisor: PluginSupervisor,
    /** Generates RBAC kubeconfigs; without one, plugins get none. */
    private readonly kubeconfigs?: KubeconfigGenerator,
  ) {
    this.#groups = new Map(config.executors.map((group) => [group.name, group]));
  }

  /** The enabled executor entries of the bound groups, in binding order. */
  entries(bindings: readonly string[]): { group: PluginGroup; entry: PluginEntry }[] {
    return bindings.flatMap((name) => {
      const group = this.#groups.get(name);
      return group ? group.plugins.filter((entry) => entry.enabled).map((entry) => ({ group, entry })) : [];
    });
  }

  route(bindings: readonly string[], name: string): ExecutorRoute | undefined {
    const matching = this.entries(bindings).filter(({ entry }) => entry.name === name);
    const last = matching.at(-1);
    if (!last) return undefined;
    const configs = matching.flatMap(({ entry }) =>
      entry.config === undefined || entry.config === null ? [] : [toYaml(entry.config)],
    );
    const rbac = matching[0]?.entry.context?.rbac;
    return { name, key: last.entry.key, configs, ...(rbac ? { rbac } : {}) };
  }

  /** Whether an executor of that name exists in any group, bound here or not. */
  exists(name: string): boolean {
    return [...this.#groups.values()].some((group) => group.plugins.some((entry) => entry.name === name));
  }

  /** Runs the command; `channel` is the name RBAC's ChannelName maps (absent for actions). */
  async *execute(
    route: ExecutorRoute,
    request: Omit<ExecuteRequest, 'configs' | 'kubeConfig'>,
    signal: AbortSignal,
    channel?: string,
  ): AsyncIterable<ExecuteOutput> {
    const plugin = this.supervisor.plugin('executor', route.key);
    const kubeConfig = await this.kubeconfigs?.generate(route.rbac, channel, plugin.ref.impersonated);
    const { executor } = await plugin.running();
    yield* executor.execute({ ...request, configs: route.configs, ...(kubeConfig ? { kubeConfig } : {}) }, signal);
  }

  async help(route: ExecutorRoute): Promise<Message> {
    const { executor } = await this.supervisor.plugin('executor', route.key).running();
    return executor.help();
  }
}
