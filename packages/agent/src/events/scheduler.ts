/**
 * Opens the sources' event streams, as Botkube does: one `Stream` per
 * (source group × interactivity) for each enabled plugin of the group, with
 * that plugin's config of the group. A stream is opened again each time its
 * plugin (re)starts. Incoming webhooks go through here too: each running
 * variant of the group handles the payload and its event is dispatched.
 */
import { setMaxListeners } from 'node:events';
import type { Event } from '@chatkube/api';
import { stringify } from 'yaml';
import type { Config, PluginEntry, PluginGroup } from '../config/types.js';
import { PluginDeactivatedError, PluginUnimplementedError, WebhookRequestError } from '../errors.js';
import type { KubeconfigGenerator } from '../kube/kubeconfig-generator.js';
import type { Logger } from '../logging.js';
import type { PluginSupervisor } from '../plugins/supervisor.js';
import { untilAborted } from '../until-aborted.js';
import type { SourceDispatcher } from './dispatcher.js';

export interface SchedulerDeps {
  config: Config;
  supervisor: PluginSupervisor;
  dispatcher: SourceDispatcher;
  logger: Logger;
  /** Where the agent's HTTP server is reached from plugins, for webhook URLs. */
  baseURL(): string;
  /** Generates each stream's RBAC kubeconfig (at the stream's start, with no channel). */
  kubeconfigs?: KubeconfigGenerator;
}

const configYaml = (entry: PluginEntry): string =>
  entry.config === undefined || entry.config === null ? '' : stringify(entry.config, { sortMapEntries: true });

export class SourceScheduler {
  readonly #groups: Map<string, PluginGroup>;
  /** Running variants by group: `true` interactive, `false` not. */
  readonly #variants = new Map<string, Set<boolean>>();
  readonly #stop = new AbortController();
  readonly #streams = new Set<Promise<void>>();

  constructor(private readonly deps: SchedulerDeps) {
    this.#groups = new Map(deps.config.sources.map((group) => [group.name, group]));
    // Every stream listens to the stop signal: as many listeners as the configuration has streams.
    setMaxListeners(0, this.#stop.signal);
  }

  /** Streams a group's events for one interactivity, unless that runs already. */
  ensure(groupName: string, interactive: boolean): void {
    const group = this.#groups.get(groupName);
    if (!group || this.#stop.signal.aborted) return;
    const variants = this.#variants.get(groupName) ?? new Set<boolean>();
    this.#variants.set(groupName, variants);
    if (variants.has(interactive)) return;
    variants.add(interactive);
    for (const entry of group.plugins.filter((e) => e.enabled)) {
      const stream = this.#follow(group, entry, interactive).finally(() => this.#streams.delete(stream));
      this.#streams.add(stream);
    }
  }

  /** Handles an incoming webhook for `groupName`; resolves with the events it produced. */
  async handleWebhook(groupName: string, payload: Uint8Array): Promise<Event[]> {
    const group = this.#groups.get(groupName);
    if (!group) throw new WebhookRequestError(404, `there is no source group named '${groupName}'`);
    const variants = [...(this.#variants.get(groupName) ?? [])];
    if (variants.length === 0)
      throw new WebhookRequestError(404, `source group '${groupName}' is not bound to any channel, so its webhook is off`);
    const events: Event[] = [];
    for (const entry of group.plugins.filter((e) => e.enabled)) {
      const plugin = this.deps.supervisor.plugin('source', entry.key);
      for (const interactive of variants) {
        const { source } = await plugin.running();
        const event = await source.handleExternalRequest({
          payload,
          config: configYaml(entry),
          ...this.#context(group, interactive),
        });
        this.deps.dispatcher.dispatch(group.name, interactive, event, this.#runsActions(group.name, interactive));
        events.push(event);
      }
    }
    return events;
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await Promise.allSettled([...this.#streams]);
  }

  /** Actions run once per event: from the interactive stream when a group has both. */
  #runsActions(groupName: string, interactive: boolean): boolean {
    return interactive || !this.#variants.get(groupName)?.has(true);
  }

  #context(group: PluginGroup, interactive: boolean) {
    return {
      isInteractivitySupported: interactive,
      clusterName: this.deps.config.settings.clusterName,
      sourceName: group.name,
      baseURL: this.deps.baseURL(),
    };
  }

  async #follow(group: PluginGroup, entry: PluginEntry, interactive: boolean): Promise<void> {
    const signal = this.#stop.signal;
    const plugin = this.deps.supervisor.plugin('source', entry.key);
    const logger = this.deps.logger.child({ source: group.name, plugin: entry.key, interactive });
    while (!signal.aborted) {
      const generation = plugin.generation;
      try {
        const { source } = await plugin.running();
        const kubeConfig = await this.deps.kubeconfigs?.generate(entry.context?.rbac, undefined, plugin.ref.impersonated);
        const events = source.stream(
          { config: configYaml(entry), ...this.#context(group, interactive), ...(kubeConfig ? { kubeConfig } : {}) },
          signal,
        );
        for await (const event of events) {
          this.deps.dispatcher.dispatch(group.name, interactive, event, this.#runsActions(group.name, interactive));
        }
        logger.info('the source ended its event stream');
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof PluginDeactivatedError) return logger.warn('the source is deactivated; its events stop');
        if (error instanceof PluginUnimplementedError) logger.debug('the source does not stream events (webhooks only)');
        else logger.warn({ err: error }, 'the event stream failed');
      }
      // Opened again when the plugin next starts.
      if (plugin.generation === generation && !signal.aborted) await untilAborted(plugin.nextStart(), signal).catch(() => {});
    }
  }
}
