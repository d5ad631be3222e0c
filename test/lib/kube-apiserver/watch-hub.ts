/**
 * The watch cache and fan-out: keeps the last changes so a watch can resume from a resourceVersion, and writes
 * each change to every matching watch as one newline-delimited JSON event, serialized once per format.
 */
import { groupVersionOf, resourceKeyOf } from './resources.js';
import type { Selector } from './selectors.js';
import type { Status } from './status.js';
import { expired } from './status.js';
import type { Change, StoredObject } from './store.js';
import { type IncludeObject, toTable } from './tables.js';
import type { KubeObject, ResourceType } from './types.js';

/** Where a watch writes: an HTTP response in practice. */
export interface WatchSink {
  write(text: string): boolean;
  end(): void;
  destroy(): void;
  readonly writableLength: number;
}

/** What a watch asks for. */
export interface WatchSpec {
  resource: ResourceType;
  namespace: string | undefined;
  selector: Selector | undefined;
  /** Replay changes after this resourceVersion; undefined: ADDED events of `initial`, then changes. */
  from: number | undefined;
  /** The current objects, for a watch without a resourceVersion (or with `sendInitialEvents`). */
  initial: () => StoredObject[];
  bookmarks: boolean;
  /** Whether to end the initial events with a BOOKMARK annotated `k8s.io/initial-events-end`. */
  initialEventsEnd: boolean;
  /** Objects as Tables (kubectl get -w) rather than as themselves. */
  table: IncludeObject | undefined;
  timeoutMs: number | undefined;
}

type EventType = Change['type'];

interface Watch {
  readonly spec: WatchSpec;
  readonly sink: WatchSink;
  readonly format: string;
  timer?: NodeJS.Timeout;
}

/** A change and the event lines made from it so far, by event type and format. */
class CachedChange {
  readonly change: Change;
  readonly #lines = new Map<string, string>();
  constructor(change: Change) {
    this.change = change;
  }
  line(type: EventType, format: string, table: IncludeObject | undefined): string {
    const key = `${type}|${format}`;
    let line = this.#lines.get(key);
    if (line === undefined) {
      line = eventLine(type, this.change.resource, this.change.stored, table);
      this.#lines.set(key, line);
    }
    return line;
  }
}

function eventLine(type: EventType, resource: ResourceType, stored: StoredObject, table: IncludeObject | undefined): string {
  const object =
    table === undefined
      ? stored.json
      : JSON.stringify(toTable(resource, [stored.object], table, { resourceVersion: stored.object.metadata.resourceVersion }));
  return `{"type":"${type}","object":${object}}\n`;
}

/** Past this much unsent output a watcher is too slow and is closed, as the apiserver does. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface WatchHubOptions {
  capacity: number;
  bookmarkIntervalMs: number;
  currentResourceVersion: () => number;
}

/** The watch cache: history of changes plus the open watches, by resource key. */
export class WatchHub {
  readonly #options: WatchHubOptions;
  #history: CachedChange[] = [];
  /** Changes up to this resourceVersion are forgotten: a watch from before it gets 410 Expired. */
  #forgottenUpTo = 0;
  readonly #watches = new Map<string, Set<Watch>>();
  readonly #bookmarkTimer: NodeJS.Timeout;

  constructor(options: WatchHubOptions) {
    this.#options = options;
    this.#bookmarkTimer = setInterval(() => this.#bookmark(), options.bookmarkIntervalMs);
    this.#bookmarkTimer.unref();
  }

  /** How many watches are open. */
  get size(): number {
    let count = 0;
    for (const set of this.#watches.values()) count += set.size;
    return count;
  }

  /** How many watches of one resource (`v1/pods`-style key) are open. */
  sizeOf(key: string): number {
    return this.#watches.get(key)?.size ?? 0;
  }

  /** Records a change and writes it to every watch of its resource that it concerns. */
  publish(change: Change): void {
    const cached = new CachedChange(change);
    this.#history.push(cached);
    const capacity = this.#options.capacity;
    if (this.#history.length > capacity * 2 || capacity === 0) {
      const drop = this.#history.length - capacity;
      this.#forgottenUpTo = (this.#history[drop - 1] as CachedChange).change.resourceVersion;
      this.#history = this.#history.slice(drop);
    }
    const watches = this.#watches.get(resourceKeyOf(change.resource));
    if (watches === undefined) return;
    for (const watch of watches) this.#send(watch, cached);
  }

  /** Forgets all history: a watch from any resourceVersion before the current one gets 410 Expired. */
  compact(): void {
    this.#history = [];
    this.#forgottenUpTo = this.#options.currentResourceVersion();
  }

  /** Starts a watch: the initial or replayed events, then live ones until the sink ends. */
  open(spec: WatchSpec, sink: WatchSink): () => void {
    const format = spec.table === undefined ? 'json' : `table:${spec.table}`;
    const watch: Watch = { spec, sink, format };
    const stop = () => this.#close(watch);
    if (spec.from !== undefined && spec.from < this.#forgottenUpTo) {
      const status: Status = expired(`too old resource version: ${spec.from} (${this.#forgottenUpTo})`).status;
      sink.write(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
      sink.end();
      return () => {};
    }
    if (spec.from === undefined) {
      // One write for the whole initial state: thousands of objects would otherwise be thousands of HTTP chunks.
      const lines = spec.initial().map((stored) => eventLine('ADDED', spec.resource, stored, spec.table));
      if (spec.initialEventsEnd) lines.push(this.#bookmarkLine(spec.resource, true));
      if (lines.length > 0) sink.write(lines.join(''));
    } else {
      for (const cached of this.#since(spec.from)) {
        if (resourceKeyOf(cached.change.resource) === resourceKeyOf(spec.resource)) this.#send(watch, cached);
      }
    }
    const key = resourceKeyOf(spec.resource);
    let set = this.#watches.get(key);
    if (set === undefined) {
      set = new Set();
      this.#watches.set(key, set);
    }
    set.add(watch);
    if (spec.timeoutMs !== undefined) {
      watch.timer = setTimeout(() => {
        this.#close(watch);
        sink.end();
      }, spec.timeoutMs);
    }
    return stop;
  }

  /** Changes with a resourceVersion above `from`, found by binary search (history is in resourceVersion order). */
  #since(from: number): CachedChange[] {
    let low = 0;
    let high = this.#history.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#history[middle] as CachedChange).change.resourceVersion <= from) low = middle + 1;
      else high = middle;
    }
    return this.#history.slice(low);
  }

  /** Writes one change to one watch, turning MODIFIED into ADDED/DELETED when a selector starts or stops matching. */
  #send(watch: Watch, cached: CachedChange): void {
    const { spec, sink } = watch;
    const change = cached.change;
    const object = change.stored.object;
    if (spec.namespace !== undefined && spec.resource.namespaced && object.metadata.namespace !== spec.namespace) return;
    let type: EventType = change.type;
    if (spec.selector !== undefined) {
      const matches = spec.selector(object);
      if (type === 'MODIFIED') {
        const matched = change.previous !== undefined && spec.selector(change.previous as KubeObject);
        if (!matches && !matched) return;
        if (!matches) type = 'DELETED';
        else if (!matched) type = 'ADDED';
      } else if (!matches) return;
    }
    sink.write(cached.line(type, watch.format, spec.table));
    if (sink.writableLength > MAX_BUFFERED_BYTES) {
      this.#close(watch);
      sink.destroy();
    }
  }

  #bookmarkLine(resource: ResourceType, initialEventsEnd: boolean): string {
    const metadata: Record<string, unknown> = { resourceVersion: String(this.#options.currentResourceVersion()) };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    return `${JSON.stringify({ type: 'BOOKMARK', object: { kind: resource.kind, apiVersion: groupVersionOf(resource), metadata } })}\n`;
  }

  #bookmark(): void {
    for (const set of this.#watches.values()) {
      for (const watch of set) if (watch.spec.bookmarks) watch.sink.write(this.#bookmarkLine(watch.spec.resource, false));
    }
  }

  #close(watch: Watch): void {
    if (watch.timer !== undefined) clearTimeout(watch.timer);
    this.#watches.get(resourceKeyOf(watch.spec.resource))?.delete(watch);
  }

  /** Destroys every open watch connection (clients see the stream break and must re-watch). */
  dropAll(): void {
    for (const set of this.#watches.values()) {
      for (const watch of [...set]) {
        this.#close(watch);
        watch.sink.destroy();
      }
    }
  }

  /** Ends every watch cleanly (as the apiserver's watch timeout does): clients re-watch from their last resourceVersion. */
  endAll(): void {
    for (const set of this.#watches.values()) {
      for (const watch of [...set]) {
        this.#close(watch);
        watch.sink.end();
      }
    }
  }

  /** Ends every watch cleanly and stops the bookmark timer. */
  close(): void {
    clearInterval(this.#bookmarkTimer);
    this.endAll();
  }
}
