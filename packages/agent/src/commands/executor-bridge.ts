/**
 * Routes a command to the executor plugin that answers it, as Botkube does:
 * the first word is a plugin's name (repo and version ignored) among the
 * enabled plugins of the channel's bound executor groups; the configs of
 * every bound group that has it are sent in binding order, and the last
 * matching key's process runs the command.
 */
import type { ExecuteOutput, Message } from '@chatkube/api';
import { stringify } from 'yaml';
import type { Config, PluginEntry, PluginGroup } from '../config/types.js';
import type { ExecuteRequest } from '../plugins/host/executor-client.js';
import type { PluginSupervisor } from '../plugins/supervisor.js';

export interface ExecutorRoute {
  /** The plugin's name: the command's first word. */
  name: string;
  /** The plugin key whose process runs the command. */
  key: string;
  /** Each bound group's config, as YAML, in binding order. */
  configs: string[];
}

/** A plugin config as the plugin receives it: YAML with sorted keys, as Botkube's `sigs.k8s.io/yaml` writes it. */
const toYaml = (config: unknown): string => stringify(config, { sortMapEntries: true });

export class ExecutorBridge {
  readonly #groups: Map<string, PluginGroup>;

  constructor(
    config: Config,
    private readonly supervisor: PluginSupervisor,
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
    return { name, key: last.entry.key, configs };
  }

  /** Whether an executor of that name exists in any group, bound here or not. */
  exists(name: string): boolean {
    return [...this.#groups.values()].some((group) => group.plugins.some((entry) => entry.name === name));
  }

  async *execute(
    route: ExecutorRoute,
    request: Omit<ExecuteRequest, 'configs'>,
    signal: AbortSignal,
  ): AsyncIterable<ExecuteOutput> {
    const { executor } = await this.supervisor.plugin('executor', route.key).running();
    yield* executor.execute({ ...request, configs: route.configs }, signal);
  }

  async help(route: ExecutorRoute): Promise<Message> {
    const { executor } = await this.supervisor.plugin('executor', route.key).running();
    return executor.help();
  }
}
