/**
 * The kubernetes source: Botkube's, watching with one list+watch per
 * (kubeconfig, resource) shared by every stream of the process.
 */
import type { Event, SourcePlugin, StreamInput } from '@chatkube/api';
import { compileConfig, type ResourceType } from './config.js';
import { EventQueue } from './event-queue.js';
import { createKubeClient, type KubeClient } from './kube-client.js';
import { createLog, type Log, type LogLevel, parseLevel } from './log.js';
import type { ObjectLookup } from './recommendations.js';
import { type JsonObject, resourcePath } from './resource-watch.js';
import { configSchema } from './schema.js';
import { type InvolvedLookup, type Metadata, type ResourceOf, SourceGroup } from './source-group.js';
import { WatchRegistry } from './watch-registry.js';

export const version = '0.1.0';

export interface KubernetesSourceOptions {
  /** Items per list page; default 500. */
  pageSize?: number;
  /** First retry delay of a failing watch; default 250 ms, doubled up to maxBackoffMs (30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Events a stream holds for a slow reader before dropping; default 10,000. */
  queueLimit?: number;
  /** Where log lines go; stderr by default. */
  writeLog?: (line: string) => void;
}

/** A kubernetes source with its own watch registry, and that registry (for tests and benchmarks). */
export interface KubernetesSource extends SourcePlugin {
  readonly registry: WatchRegistry;
  /**
   * Resolves when every stream begun so far watches, its first lists in:
   * changes after it are told. (Objects listed first are state, not news.)
   */
  whenWatching(): Promise<void>;
}

const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Kubernetes' plural of a Kind, for Kinds no watch has told: Ingress → ingresses, NetworkPolicy → networkpolicies. */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === 'endpoints') return lower;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

const apiVersionOf = (resource: ResourceType): string =>
  resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;

function objectPath(resource: ResourceType, namespace: string, name: string): string {
  const base = resourcePath(resource);
  if (namespace === '') return `${base}/${encodeURIComponent(name)}`;
  const prefix = base.slice(0, base.length - resource.plural.length - 1);
  return `${prefix}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}/${encodeURIComponent(name)}`;
}

/** Makes a kubernetes source plugin object. */
export function createKubernetesSource(options: KubernetesSourceOptions = {}): KubernetesSource {
  const levels = new Map<symbol, LogLevel>();
  // The most verbose level any running stream asks for.
  const level = (): LogLevel => ORDER.find((each) => [...levels.values()].includes(each)) ?? 'info';
  const log: Log = createLog(level, options.writeLog);
  const registry = new WatchRegistry({
    log,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    ...(options.maxBackoffMs ? { maxBackoffMs: options.maxBackoffMs } : {}),
  });

  const resourceOf =
    (client: KubeClient): ResourceOf =>
    (apiVersion, kind, candidates) =>
      candidates.find((candidate) => {
        if (apiVersionOf(candidate) !== apiVersion) return false;
        const known = registry.find(client.identity, candidate.id)?.kind;
        return known ? known === kind : pluralOf(kind) === candidate.plural;
      });

  const involved =
    (client: KubeClient): InvolvedLookup =>
    async (resource, namespace, name) => {
      const watch = registry.find(client.identity, resource.id);
      if (watch && watch.size > 0) {
        const state = watch.lookup(namespace, name);
        return { labels: state?.labels, annotations: state?.annotations };
      }
      const object = (await client.getJson(objectPath(resource, namespace, name))) as JsonObject | undefined;
      const metadata = (object?.metadata ?? {}) as Metadata;
      return { labels: metadata.labels, annotations: metadata.annotations };
    };

  const lookup =
    (client: KubeClient): ObjectLookup =>
    (resource, namespace, name) =>
      client.getJson(objectPath({ group: '', version: 'v1', plural: resource.slice(3), id: resource }, namespace, name));

  const starting = new Set<Promise<unknown>>();

  async function* stream(input: StreamInput, signal: AbortSignal): AsyncGenerator<Event> {
    const startedAt = new Date();
    const config = compileConfig(input.configs);
    const id = Symbol(input.context.sourceName);
    levels.set(id, parseLevel(config.raw.log?.level));
    const unsubscribers: (() => void)[] = [];
    let started!: (watching?: Promise<unknown>) => void;
    const start = new Promise<unknown>((resolve) => {
      started = resolve;
    });
    starting.add(start);
    try {
      const client = await createKubeClient({ kubeConfig: input.context.kubeConfig }).catch((error: unknown) => {
        started(undefined);
        throw error;
      });
      const group = new SourceGroup({
        config,
        interactive: input.context.isInteractivitySupported,
        cluster: input.context.clusterName,
        startedAt,
        lookup: lookup(client),
        involved: involved(client),
        resourceOf: resourceOf(client),
        log,
      });
      const queue = new EventQueue(options.queueLimit ?? 10_000, log);
      for (const { resource, needs } of group.subscriptions().values()) {
        const subscription = registry.subscribe(client, resource, {
          needs,
          onChange: (change) => queue.push(group.onChange(change)),
        });
        unsubscribers.push(subscription.unsubscribe);
      }
      started(registry.whenListed());
      log.info(
        `source ${input.context.sourceName} streams events of ${[...group.subscriptions().keys()].join(', ') || 'nothing'}`,
      );
      yield* queue.drain(signal);
    } finally {
      started(undefined);
      starting.delete(start);
      for (const unsubscribe of unsubscribers) unsubscribe();
      levels.delete(id);
    }
  }

  async function whenWatching(): Promise<void> {
    await Promise.all(starting);
  }

  return {
    registry,
    whenWatching,
    metadata: {
      version,
      description: 'Consume Kubernetes events and get notifications with additional warnings and recommendations.',
      jsonSchema: { value: configSchema },
      documentationURL: 'https://docs.botkube.io/configuration/source/kubernetes',
      recommended: true,
    },
    stream,
  };
}

/** The plugin object the agent runs. */
export const kubernetes: KubernetesSource = createKubernetesSource();
