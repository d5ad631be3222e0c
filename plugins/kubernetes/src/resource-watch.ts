/**
 * One list+watch of one resource, cluster-wide. The first list is state, not
 * news; after it, each watch event is a change. A watch resumes from the last
 * resourceVersion it saw (bookmarks included); a 410 Gone relists and turns
 * the difference with what it knew into changes, so nothing is told twice.
 * Failures (dropped connections, 429, 5xx) are retried with backoff and
 * reported once, when they start and when they end.
 *
 * Per object only what the subscribers need is kept: its resourceVersion,
 * creation time and the values of their update fields, labels and
 * annotations when they filter on them.
 */
import type { IncomingMessage } from 'node:http';
import type { ResourceType } from './config.js';
import { KubeApiError } from './errors.js';
import type { FieldPath } from './field-path.js';
import { type KubeClient, readBody } from './kube-client.js';

export type JsonObject = Record<string, unknown>;

/** What is kept of one object. */
export interface ObjectState {
  name: string;
  namespace: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Values of the update fields by path text, as the diff prints them. */
  fields?: Map<string, string>;
}

export interface Change {
  type: 'create' | 'update' | 'delete';
  resource: ResourceType;
  apiVersion: string;
  kind: string;
  /** The object as the API sent it; absent for deletions found by a relist. */
  object?: JsonObject;
  /** The new state; for deletions, the last known. */
  state: ObjectState;
  /** For updates: the state before. */
  previous?: ObjectState;
}

/** What a subscriber needs kept of each object. */
export interface Needs {
  fields: readonly FieldPath[];
  labels: boolean;
  annotations: readonly string[];
}

export interface WatchLog {
  warn(text: string): void;
  info(text: string): void;
  debug(text: string): void;
}

export interface ResourceWatchOptions {
  client: KubeClient;
  resource: ResourceType;
  onChange(change: Change): void;
  needs(): Needs;
  log: WatchLog;
  /** Items per list page; default 500. */
  pageSize?: number;
  /** First retry delay in ms, doubled up to maxBackoffMs; default 250. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const record = (value: unknown): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The list's path of a resource: /api/v1/pods, /apis/apps/v1/deployments. */
export const resourcePath = (resource: ResourceType): string =>
  resource.group === ''
    ? `/api/${resource.version}/${resource.plural}`
    : `/apis/${resource.group}/${resource.version}/${resource.plural}`;

const keyOf = (namespace: string, name: string): string => (namespace === '' ? name : `${namespace}/${name}`);

class GoneError extends Error {}

const delay = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export class ResourceWatch {
  readonly #options: ResourceWatchOptions;
  readonly #objects = new Map<string, ObjectState>();
  readonly #abort = new AbortController();
  #resourceVersion = '';
  #kind = '';
  #apiVersion: string;
  #troubled = false;
  #failures = 0;
  #ready: Promise<void>;
  #markReady!: () => void;
  /** Finished when the loop has stopped. */
  readonly done: Promise<void>;

  constructor(options: ResourceWatchOptions) {
    this.#options = options;
    const { group, version } = options.resource;
    this.#apiVersion = group === '' ? version : `${group}/${version}`;
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    this.done = this.#run();
  }

  /** The Kind of the resource's objects, once listed (`Pod` for v1/pods). */
  get kind(): string {
    return this.#kind;
  }

  /** Resolves once the first list is in: changes after it are news. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** How many objects are known. */
  get size(): number {
    return this.#objects.size;
  }

  /** The kept state of an object. */
  lookup(namespace: string, name: string): ObjectState | undefined {
    return this.#objects.get(keyOf(namespace, name));
  }

  stop(): Promise<void> {
    this.#abort.abort();
    return this.done;
  }

  #state(object: JsonObject, needs: Needs): ObjectState {
    const metadata = record(object.metadata);
    const state: ObjectState = {
      name: text(metadata.name),
      namespace: text(metadata.namespace),
      resourceVersion: text(metadata.resourceVersion),
      creationTimestamp: text(metadata.creationTimestamp),
    };
    if (needs.labels && metadata.labels) state.labels = metadata.labels as Record<string, string>;
    if (needs.annotations.length > 0 && metadata.annotations) {
      const all = record(metadata.annotations);
      const kept: Record<string, string> = {};
      for (const key of needs.annotations) if (typeof all[key] === 'string') kept[key] = all[key] as string;
      if (Object.keys(kept).length > 0) state.annotations = kept;
    }
    if (needs.fields.length > 0) state.fields = new Map(needs.fields.map((field) => [field.text, field.read(object)]));
    return state;
  }

  #emit(change: Omit<Change, 'resource' | 'apiVersion' | 'kind'>): void {
    this.#options.onChange({ ...change, resource: this.#options.resource, apiVersion: this.#apiVersion, kind: this.#kind });
  }

  #recover(): void {
    this.#failures = 0;
    if (!this.#troubled) return;
    this.#troubled = false;
    this.#options.log.info(`watch of ${this.#options.resource.id} works again`);
  }

  #trouble(error: Error, retryMs: number): void {
    this.#failures++;
    // One failure after working is often a stale kept-alive connection: say it from the second on.
    if (this.#troubled || this.#failures < 2) {
      this.#options.log.debug(`watch of ${this.#options.resource.id}: ${error.message}`);
      return;
    }
    this.#troubled = true;
    this.#options.log.warn(
      `watch of ${this.#options.resource.id} failed, retrying with backoff (first in ${retryMs} ms); told once until it works again: ${error.message}`,
    );
  }

  /** Lists all pages; `notify` turns the difference with what was known into changes. */
  async #list(notify: boolean): Promise<void> {
    const { client, resource, pageSize = 500 } = this.#options;
    const needs = this.#options.needs();
    const seen = new Set<string>();
    let cont = '';
    do {
      const query = `?limit=${pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const page = record(JSON.parse(await readBody(await client.get(resourcePath(resource) + query, this.#abort.signal))));
      if (typeof page.kind === 'string' && page.kind.endsWith('List')) this.#kind = page.kind.slice(0, -4);
      const metadata = record(page.metadata);
      cont = text(metadata.continue);
      this.#resourceVersion = text(metadata.resourceVersion);
      for (const item of Array.isArray(page.items) ? page.items : []) {
        const object = record(item);
        const state = this.#state(object, needs);
        const key = keyOf(state.namespace, state.name);
        seen.add(key);
        const previous = this.#objects.get(key);
        this.#objects.set(key, state);
        if (!notify) continue;
        if (!previous) this.#emit({ type: 'create', object, state });
        else if (previous.resourceVersion !== state.resourceVersion) this.#emit({ type: 'update', object, state, previous });
      }
    } while (cont !== '');
    for (const [key, state] of this.#objects) {
      if (seen.has(key)) continue;
      this.#objects.delete(key);
      if (notify) this.#emit({ type: 'delete', state });
    }
  }

  #apply(type: string, object: JsonObject): void {
    const metadata = record(object.metadata);
    if (type === 'BOOKMARK') {
      this.#resourceVersion = text(metadata.resourceVersion) || this.#resourceVersion;
      return;
    }
    if (type === 'ERROR') {
      if (object.code === 410) throw new GoneError(text(object.message) || 'resourceVersion too old');
      throw new KubeApiError(Number(object.code) || 500, `watch: ${text(object.message) || JSON.stringify(object)}`);
    }
    if (typeof object.kind === 'string' && object.kind !== '') this.#kind = object.kind;
    const state = this.#state(object, this.#options.needs());
    this.#resourceVersion = state.resourceVersion || this.#resourceVersion;
    const key = keyOf(state.namespace, state.name);
    const previous = this.#objects.get(key);
    if (type === 'DELETED') {
      this.#objects.delete(key);
      this.#emit({ type: 'delete', object, state });
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      this.#objects.set(key, state);
      // A MODIFIED of an object not known, or an ADDED of one known, is what the API says it is not: trust the store.
      if (previous) this.#emit({ type: 'update', object, state, previous });
      else this.#emit({ type: 'create', object, state });
    }
  }

  /** Watches until the stream ends; resolves on an orderly end, throws otherwise. */
  async #watch(): Promise<void> {
    const { client, resource } = this.#options;
    // Spread over 4 to 6 minutes, so that watches of many resources do not all end together.
    const timeoutSeconds = 240 + Math.floor(Math.random() * 120);
    const query = `?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(this.#resourceVersion)}&timeoutSeconds=${timeoutSeconds}`;
    const response: IncomingMessage = await client.get(
      resourcePath(resource) + query,
      this.#abort.signal,
      (timeoutSeconds + 60) * 1000,
    );
    this.#recover();
    let pending = '';
    try {
      for await (const chunk of response) {
        pending += (chunk as Buffer).toString('utf8');
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          if (line.trim() !== '') {
            const event = record(JSON.parse(line));
            this.#apply(text(event.type), record(event.object));
          }
          newline = pending.indexOf('\n');
        }
      }
    } catch (error) {
      if (error instanceof GoneError || error instanceof KubeApiError || error instanceof SyntaxError) throw error;
      // API servers and proxies cut long watches: resume from the last resourceVersion, quietly.
      this.#options.log.debug(`watch of ${resource.id} was cut (${(error as Error).message}); resuming`);
    }
  }

  async #run(): Promise<void> {
    const { backoffMs = 250, maxBackoffMs = 30_000 } = this.#options;
    const signal = this.#abort.signal;
    let listed = false;
    let retry = backoffMs;
    while (!signal.aborted) {
      try {
        if (!listed) {
          await this.#list(this.#resourceVersion !== '');
          listed = true;
          this.#recover();
          this.#markReady();
        }
        await this.#watch();
        retry = backoffMs;
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof GoneError) {
          this.#options.log.debug(`watch of ${this.#options.resource.id}: ${error.message}; listing again`);
          listed = false;
          continue;
        }
        // Throttled: wait as long as the server asks, and at least a second.
        const throttled = error instanceof KubeApiError && (error.status === 429 || error.retryAfterSeconds !== undefined);
        const wait = throttled ? Math.min(Math.max(retry, 1000, (error.retryAfterSeconds ?? 0) * 1000), maxBackoffMs) : retry;
        this.#trouble(error as Error, wait);
        await delay(wait, signal);
        retry = Math.min(retry * 2, maxBackoffMs);
      }
    }
    this.#markReady();
  }
}
