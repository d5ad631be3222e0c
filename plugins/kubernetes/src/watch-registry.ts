/**
 * One list+watch per (kubeconfig identity, resource), however many source
 * groups ask for it (Botkube #1403: one informer set per group multiplied
 * memory). Subscriptions are counted; the watch stops with the last one.
 */
import type { ResourceType } from './config.js';
import type { FieldPath } from './field-path.js';
import type { KubeClient } from './kube-client.js';
import { type Change, type Needs, ResourceWatch, type WatchLog } from './resource-watch.js';

export interface Subscriber {
  needs: Needs;
  onChange(change: Change): void;
}

interface Entry {
  watch: ResourceWatch;
  subscribers: Set<Subscriber>;
  needs: Needs;
}

export interface WatchRegistryOptions {
  log: WatchLog;
  pageSize?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
}

function mergeNeeds(subscribers: Iterable<Subscriber>): Needs {
  const fields = new Map<string, FieldPath>();
  const annotations = new Set<string>();
  let labels = false;
  for (const { needs } of subscribers) {
    for (const field of needs.fields) fields.set(field.text, field);
    for (const key of needs.annotations) annotations.add(key);
    labels ||= needs.labels;
  }
  return { fields: [...fields.values()], labels, annotations: [...annotations] };
}

export class WatchRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #options: WatchRegistryOptions;

  constructor(options: WatchRegistryOptions) {
    this.#options = options;
  }

  /** How many watches run: one per (identity, resource). */
  get size(): number {
    return this.#entries.size;
  }

  /** Resolves when every running watch has its first list in. */
  async whenListed(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((entry) => entry.watch.ready));
  }

  /** The running watch of a resource, if any. */
  find(identity: string, resourceId: string): ResourceWatch | undefined {
    return this.#entries.get(`${identity}\u0000${resourceId}`)?.watch;
  }

  /** Watches kinds by apiVersion and Kind, to map core Events' involved objects to resources. */
  *watches(identity: string): Iterable<ResourceWatch> {
    for (const [key, entry] of this.#entries) if (key.startsWith(`${identity}\u0000`)) yield entry.watch;
  }

  /**
   * Subscribes to changes of `resource`; returns the subscription's end.
   * Resolves `ready` once the watch's first list is in.
   */
  subscribe(client: KubeClient, resource: ResourceType, subscriber: Subscriber): { ready: Promise<void>; unsubscribe(): void } {
    const key = `${client.identity}\u0000${resource.id}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      const created: Entry = {
        subscribers: new Set([subscriber]),
        needs: subscriber.needs,
        watch: undefined as unknown as ResourceWatch,
      };
      created.watch = new ResourceWatch({
        client,
        resource,
        log: this.#options.log,
        needs: () => created.needs,
        onChange: (change) => {
          for (const each of created.subscribers) each.onChange(change);
        },
        ...(this.#options.pageSize ? { pageSize: this.#options.pageSize } : {}),
        ...(this.#options.backoffMs ? { backoffMs: this.#options.backoffMs } : {}),
        ...(this.#options.maxBackoffMs ? { maxBackoffMs: this.#options.maxBackoffMs } : {}),
      });
      entry = created;
      this.#entries.set(key, entry);
    } else {
      entry.subscribers.add(subscriber);
      entry.needs = mergeNeeds(entry.subscribers);
    }
    const current = entry;
    let subscribed = true;
    return {
      ready: current.watch.ready,
      unsubscribe: () => {
        if (!subscribed) return;
        subscribed = false;
        current.subscribers.delete(subscriber);
        if (current.subscribers.size > 0) {
          current.needs = mergeNeeds(current.subscribers);
          return;
        }
        this.#entries.delete(key);
        void current.watch.stop();
      },
    };
  }
}
