/**
 * The object store: every object as parsed JSON plus its serialized form (made once per change), one global
 * resourceVersion counter, and a listener told of every change (the watch hub).
 */
import { randomUUID } from 'node:crypto';
import { groupVersionOf, resourceKeyOf } from './resources.js';
import type { Selector } from './selectors.js';
import { alreadyExists, badRequest, conflict, invalid, notFound } from './status.js';
import type { KubeObject, ResourceType } from './types.js';

/** One stored object with its JSON text, kept together so lists and events never re-serialize it. */
export interface StoredObject {
  readonly object: KubeObject;
  readonly json: string;
}

/** One change, as the watch hub fans it out. */
export interface Change {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly resourceVersion: number;
  readonly resource: ResourceType;
  readonly key: string;
  readonly stored: StoredObject;
  /** The object before a MODIFIED change, for selectors that stop or start matching. */
  readonly previous?: KubeObject;
}

/** How an update treats the parts of the object a subresource owns. */
export interface UpdateOptions extends WriteOptions {
  /** `status`: only the status changes; `keepStatus`: everything but the status changes (PUT on the object). */
  only?: 'status' | 'keepStatus';
}

/** `dryRun=All`: check and shape the object, answer with it, store nothing and tell no watcher. */
export interface WriteOptions {
  dryRun?: boolean;
}

const NAME_SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(): string {
  let text = '';
  for (let i = 0; i < 5; i++) text += NAME_SUFFIX[Math.floor(Math.random() * NAME_SUFFIX.length)];
  return text;
}

/** `2026-12-01T20:15:09Z`: the second-precision RFC 3339 form metav1.Time uses. */
export function nowTimestamp(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

const objectKey = (namespace: string | undefined, name: string) => (namespace === undefined ? name : `${namespace}/${name}`);

function stored(object: KubeObject): StoredObject {
  return { object, json: JSON.stringify(object) };
}

/** Defaults the real control plane fills in soon after create, so printers have something to show. */
function withDefaults(type: ResourceType, object: KubeObject, clusterIp: () => string): void {
  const key = resourceKeyOf(type);
  if (key === 'v1/services') {
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    const headless = spec.clusterIP === 'None' || spec.type === 'ExternalName';
    object.spec = {
      type: 'ClusterIP',
      ...spec,
      ...(spec.clusterIP === undefined && !headless ? { clusterIP: clusterIp() } : {}),
    };
  }
  if (key === 'v1/pods') {
    const status = (object.status ?? {}) as Record<string, unknown>;
    object.status = { phase: 'Pending', ...status };
  }
  if (key === 'v1/namespaces' && object.status === undefined) object.status = { phase: 'Active' };
}

/** Objects by resource type, and the resourceVersion counter shared by all of them. */
export class ObjectStore {
  #resourceVersion = 0;
  readonly #objects = new Map<string, Map<string, StoredObject>>();
  readonly #listener: (change: Change) => void;

  constructor(listener: (change: Change) => void) {
    this.#listener = listener;
  }

  #clusterIps = 0;

  /** The service IP allocator's next address, from 10.96.0.0/12 as kubeadm clusters have it. */
  #nextClusterIp(): string {
    const n = ++this.#clusterIps;
    return `10.96.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
  }

  /** The latest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.#resourceVersion;
  }

  #bucket(type: ResourceType): Map<string, StoredObject> {
    const key = resourceKeyOf(type);
    let bucket = this.#objects.get(key);
    if (bucket === undefined) {
      bucket = new Map();
      this.#objects.set(key, bucket);
    }
    return bucket;
  }

  #scope(type: ResourceType, namespace: string | undefined): string | undefined {
    if (!type.namespaced) return undefined;
    if (namespace === undefined || namespace === '') throw badRequest(`the namespace of ${type.resource} must be given`);
    return namespace;
  }

  #commit(type: ResourceType, kind: Change['type'], object: KubeObject, previous?: KubeObject, dryRun = false): StoredObject {
    if (dryRun) return stored(object);
    const resourceVersion = ++this.#resourceVersion;
    object.metadata.resourceVersion = String(resourceVersion);
    const entry = stored(object);
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    if (kind === 'DELETED') this.#bucket(type).delete(key);
    else this.#bucket(type).set(key, entry);
    this.#listener({
      type: kind,
      resourceVersion,
      resource: type,
      key,
      stored: entry,
      ...(previous === undefined ? {} : { previous }),
    });
    return entry;
  }

  /** Checks apiVersion/kind and namespace of a body against the type and the request, filling them in when absent. */
  #normalize(type: ResourceType, namespace: string | undefined, body: KubeObject): void {
    const apiVersion = groupVersionOf(type);
    if (body.kind !== undefined && body.kind !== type.kind)
      throw badRequest(`the kind of the object (${String(body.kind)}) does not match the resource (${type.kind})`);
    if (body.apiVersion !== undefined && body.apiVersion !== apiVersion)
      throw badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersion})`,
      );
    body.kind = type.kind;
    body.apiVersion = apiVersion;
    if (typeof body.metadata !== 'object' || body.metadata === null || Array.isArray(body.metadata)) body.metadata = {};
    const scope = this.#scope(type, namespace ?? body.metadata.namespace);
    if (scope === undefined) delete body.metadata.namespace;
    else {
      if (body.metadata.namespace !== undefined && body.metadata.namespace !== scope)
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      body.metadata.namespace = scope;
    }
  }

  /** Creates an object (the caller gives up the object: it is stored as is). */
  create(type: ResourceType, namespace: string | undefined, body: KubeObject, options: WriteOptions = {}): StoredObject {
    this.#normalize(type, namespace, body);
    const meta = body.metadata;
    if ((meta.name === undefined || meta.name === '') && typeof meta.generateName === 'string' && meta.generateName !== '') {
      const bucket = this.#bucket(type);
      do meta.name = meta.generateName + suffix();
      while (bucket.has(objectKey(meta.namespace, meta.name)));
    }
    if (typeof meta.name !== 'string' || meta.name === '')
      throw invalid(type, '', 'metadata.name', 'Required value: name or generateName is required');
    if (this.#bucket(type).has(objectKey(meta.namespace, meta.name))) throw alreadyExists(type, meta.name);
    meta.uid = randomUUID();
    meta.creationTimestamp = nowTimestamp();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    withDefaults(type, body, () => this.#nextClusterIp());
    return this.#commit(type, 'ADDED', body, undefined, options.dryRun);
  }

  /** Replaces an object; a resourceVersion in the body must be the current one (409 Conflict otherwise). */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    options: UpdateOptions = {},
  ): StoredObject {
    this.#normalize(type, namespace, body);
    if (body.metadata.name !== undefined && body.metadata.name !== name)
      throw badRequest(`the name of the object (${String(body.metadata.name)}) does not match the name on the URL (${name})`);
    const current = this.get(type, namespace, name);
    if (current === undefined) throw notFound(type, name);
    const sent = body.metadata.resourceVersion;
    if (sent !== undefined && sent !== '' && sent !== current.object.metadata.resourceVersion) throw conflict(type, name);
    const old = current.object;
    let next: KubeObject;
    if (options.only === 'status') next = { ...structuredClone(old), status: body.status };
    else {
      next = body;
      if (options.only === 'keepStatus') {
        if (old.status === undefined) delete next.status;
        else next.status = structuredClone(old.status);
      }
      next.metadata = {
        ...next.metadata,
        name,
        uid: old.metadata.uid as string,
        creationTimestamp: old.metadata.creationTimestamp as string,
      };
      const generation = old.metadata.generation ?? 1;
      next.metadata.generation = JSON.stringify(next.spec) === JSON.stringify(old.spec) ? generation : generation + 1;
    }
    return this.#commit(type, 'MODIFIED', next, old, options.dryRun);
  }

  /** Deletes an object and returns its last state (with the deletion's resourceVersion). */
  delete(type: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const current = this.get(type, namespace, name);
    if (current === undefined) throw notFound(type, name);
    const last = structuredClone(current.object);
    last.metadata.deletionTimestamp = nowTimestamp();
    const deleted = this.#commit(type, 'DELETED', last);
    if (resourceKeyOf(type) === 'v1/namespaces') this.#deleteNamespaceContents(name);
    return deleted;
  }

  /** What the namespace controller does eventually: every object in a deleted namespace goes too. */
  #deleteNamespaceContents(namespace: string): void {
    for (const bucket of this.#objects.values()) {
      for (const entry of [...bucket.values()]) {
        if (entry.object.metadata.namespace !== namespace) continue;
        const last = structuredClone(entry.object);
        last.metadata.deletionTimestamp = nowTimestamp();
        const type = this.#typeOf(entry.object);
        if (type !== undefined) this.#commit(type, 'DELETED', last);
      }
    }
  }

  readonly #types = new Map<string, ResourceType>();

  /** Registers the types so cascading deletes can find an object's type from its apiVersion/kind. */
  registerTypes(types: readonly ResourceType[]): void {
    for (const type of types) this.#types.set(`${groupVersionOf(type)}|${type.kind}`, type);
  }

  #typeOf(object: KubeObject): ResourceType | undefined {
    return this.#types.get(`${object.apiVersion}|${object.kind}`);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.#objects.get(resourceKeyOf(type))?.get(objectKey(type.namespaced ? namespace : undefined, name));
  }

  /** Objects of a type sorted by namespace/name (as etcd keys sort), in one namespace or all. */
  list(type: ResourceType, namespace?: string, selector?: Selector): StoredObject[] {
    const bucket = this.#objects.get(resourceKeyOf(type));
    if (bucket === undefined) return [];
    const keys = [...bucket.keys()].sort();
    const entries: StoredObject[] = [];
    for (const key of keys) {
      const entry = bucket.get(key) as StoredObject;
      if (type.namespaced && namespace !== undefined && entry.object.metadata.namespace !== namespace) continue;
      if (selector !== undefined && !selector(entry.object)) continue;
      entries.push(entry);
    }
    return entries;
  }
}
