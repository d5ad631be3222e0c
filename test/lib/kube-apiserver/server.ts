/**
 * A Kubernetes API server for tests: real wire protocol (JSON, Tables, watches, Status errors) over node:http,
 * generic over a resource table, with direct store access and a record of every request.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { reviewAccess } from './access-review.js';
import { denial, requesterOf } from './auth.js';
import { serveDiscovery } from './discovery-handlers.js';
import { mediaTypeOf, parseBody, readBody, sendJson, sendStatus, statusOf } from './http-io.js';
import { PodLogs } from './logs.js';
import { jsonPatch, mergePatch } from './patch.js';
import { type ResourceContext, serveResource, verbOf } from './resource-handlers.js';
import { BUILTIN_RESOURCES, ResourceTable, resourceKeyOf } from './resources.js';
import { type Route, route } from './routes.js';
import { labelSelector } from './selectors.js';
import { badRequest, methodNotAllowed, notFound } from './status.js';
import { type Change, nowTimestamp, ObjectStore } from './store.js';
import { strategicMerge } from './strategic-merge.js';
import { selfSignedCertificate } from './tls.js';
import type { DenyRule, KubeApiServerOptions, KubeObject, RecordedRequest, ResourceType, TokenUser } from './types.js';
import { WatchHub } from './watch-hub.js';

/** Options of {@link KubeApiServer.kubeconfig}. */
export interface KubeconfigOptions {
  /** The context's default namespace (default `default`). */
  namespace?: string;
  /** A bearer token the user sends. */
  token?: string;
  /** Context (and cluster and user) name (default `kube-apiserver-test`). */
  context?: string;
}

/** How {@link KubeApiServer.patch} reads the patch: JSON merge patch, JSON patch, or strategic merge patch. */
export type PatchType = 'merge' | 'json' | 'strategic';

const SEED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The test Kubernetes API server. Start it with {@link KubeApiServer.start}; close it with {@link KubeApiServer.close}. */
export class KubeApiServer {
  /** `http://127.0.0.1:PORT` (`https://` with the https option). */
  readonly url: string;
  /** The PEM certificate clients must trust, with the https option. */
  readonly caCertificate: string | undefined;
  /** Every request received, in order (unless started with `recordRequests: false`). */
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #table: ResourceTable;
  readonly #store: ObjectStore;
  readonly #hub: WatchHub;
  readonly #logs = new PodLogs();
  readonly #denyRules: DenyRule[];
  readonly #tokens: Record<string, TokenUser>;
  readonly #record: boolean;

  private constructor(server: Server, url: string, options: KubeApiServerOptions, caCertificate: string | undefined) {
    this.#server = server;
    this.url = url;
    this.caCertificate = caCertificate;
    this.#table = new ResourceTable([...BUILTIN_RESOURCES, ...(options.resources ?? [])]);
    this.#hub = new WatchHub({
      capacity: options.watchCacheSize ?? 10_000,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
      currentResourceVersion: () => this.#store.resourceVersion,
    });
    this.#store = new ObjectStore((change) => this.#changed(change));
    this.#store.registerTypes(this.#table.types);
    this.#denyRules = [...(options.denyRules ?? [])];
    this.#tokens = options.tokens ?? {};
    this.#record = options.recordRequests ?? true;
    const namespaces = this.#type('v1/namespaces');
    for (const name of SEED_NAMESPACES)
      this.#store.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }

  /** Listens on 127.0.0.1 (port 0 by default) and resolves once it does. */
  static async start(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
    const tls = options.https === true ? selfSignedCertificate() : undefined;
    const server =
      tls === undefined ? createServer() : (createHttpsServer({ key: tls.key, cert: tls.cert }) as unknown as Server);
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const apiServer = new KubeApiServer(
      server,
      `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
      options,
      tls?.cert,
    );
    server.on('request', (request, response) => apiServer.#handle(request, response));
    return apiServer;
  }

  /** The resource types served (built-ins plus `options.resources`). */
  get resourceTypes(): readonly ResourceType[] {
    return this.#table.types;
  }

  /** The latest resourceVersion (a global counter over all objects). */
  get resourceVersion(): string {
    return String(this.#store.resourceVersion);
  }

  /** How many watch connections are open. */
  get watchCount(): number {
    return this.#hub.size;
  }

  /** How many watch connections of one resource (`v1/pods`, `apps/v1/deployments`) are open. */
  watchCountOf(resource: string): number {
    return this.#hub.sizeOf(resourceKeyOf(this.#type(resource)));
  }

  /**
   * Records a core/v1 Event about an object, as a controller's event recorder would: named `<object>.<hex>`,
   * involvedObject filled from the object, count 1 and first/last timestamps now. Returns the Event.
   */
  recordEvent(
    object: KubeObject,
    event: { reason: string; message: string; type?: 'Normal' | 'Warning'; component?: string },
  ): KubeObject {
    const now = nowTimestamp();
    const { name, namespace, uid, resourceVersion } = object.metadata;
    return this.create('v1/events', {
      metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace: namespace ?? 'default' },
      involvedObject: { apiVersion: object.apiVersion, kind: object.kind, name, namespace, uid, resourceVersion },
      reason: event.reason,
      message: event.message,
      type: event.type ?? 'Normal',
      source: { component: event.component ?? 'kube-apiserver-test' },
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
    });
  }

  /** How many `logs -f` streams are open. */
  get logFollowerCount(): number {
    return this.#logs.followerCount;
  }

  /** Writes a kubeconfig for this server into `dir` and returns its path. */
  kubeconfig(dir: string, options: KubeconfigOptions = {}): string {
    const name = options.context ?? 'kube-apiserver-test';
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: this.#clusterEntry() }],
      users: [{ name, user: options.token === undefined ? {} : { token: options.token } }],
      contexts: [{ name, context: { cluster: name, user: name, namespace: options.namespace ?? 'default' } }],
      'current-context': name,
      preferences: {},
    };
    const path = join(dir, `kubeconfig-${name}`);
    writeFileSync(path, toYaml(config));
    return path;
  }

  #clusterEntry(): Record<string, unknown> {
    if (this.caCertificate !== undefined)
      return { server: this.url, 'certificate-authority-data': Buffer.from(this.caCertificate).toString('base64') };
    // client-node refuses plain http unless TLS verification is off (there is nothing to verify); kubectl ignores it.
    return { server: this.url, 'insecure-skip-tls-verify': true };
  }

  #type(resource: string): ResourceType {
    const type = this.#table.byKey(resource);
    if (type === undefined)
      throw badRequest(`no resource type ${resource} is served (keys look like v1/pods or apps/v1/deployments)`);
    return type;
  }

  /** Creates an object directly (no HTTP), and its namespace when missing; returns a copy of what was stored. */
  create(resource: string, object: object): KubeObject {
    const body = structuredClone(object) as KubeObject;
    const type = this.#type(resource);
    const namespace = body.metadata?.namespace;
    const namespaces = this.#type('v1/namespaces');
    if (type.namespaced && typeof namespace === 'string' && this.#store.get(namespaces, undefined, namespace) === undefined)
      this.#store.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    return structuredClone(this.#store.create(this.#type(resource), body.metadata?.namespace, body).object);
  }

  /** Replaces an object directly, status included; a resourceVersion in it must be current (409 otherwise). */
  update(resource: string, object: object): KubeObject {
    const body = structuredClone(object) as KubeObject;
    const name = body.metadata?.name;
    if (typeof name !== 'string') throw badRequest('the object to update has no metadata.name');
    return structuredClone(this.#store.update(this.#type(resource), body.metadata.namespace, name, body).object);
  }

  /** Patches an object directly: a JSON merge patch (default), a JSON patch operation list, or a strategic merge patch. */
  patch(resource: string, namespace: string | undefined, name: string, patch: object, type: PatchType = 'merge'): KubeObject {
    const resourceType = this.#type(resource);
    const current = this.#store.get(resourceType, namespace, name);
    if (current === undefined) throw notFound(resourceType, name);
    const apply = type === 'json' ? jsonPatch : type === 'strategic' ? strategicMerge : mergePatch;
    const next = apply(current.object, patch) as KubeObject;
    return structuredClone(this.#store.update(resourceType, namespace, name, next).object);
  }

  /** Deletes an object directly; throws the 404 KubeStatusError when there is none. */
  delete(resource: string, namespace: string | undefined, name: string): void {
    this.#store.delete(this.#type(resource), namespace, name);
  }

  /** A copy of one object, or undefined. */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const stored = this.#store.get(this.#type(resource), namespace, name);
    return stored === undefined ? undefined : structuredClone(stored.object);
  }

  /** Copies of the objects of a type, in one namespace or all, optionally filtered by a label selector. */
  list(resource: string, namespace?: string, labels?: string): KubeObject[] {
    return this.#store
      .list(this.#type(resource), namespace, labels === undefined ? undefined : labelSelector(labels))
      .map((stored) => structuredClone(stored.object));
  }

  /** Sets a pod's log (a string, or lines); the pod need not exist yet. */
  setPodLogs(namespace: string, name: string, text: string | string[]): void {
    this.#logs.set(namespace, name, text);
  }

  /** Appends to a pod's log; `kubectl logs -f` followers get the new lines at once. */
  appendPodLogs(namespace: string, name: string, text: string | string[]): void {
    this.#logs.append(namespace, name, text);
  }

  /** Destroys every open watch connection (for tests of reconnection). */
  dropWatches(): void {
    this.#hub.dropAll();
  }

  /** Ends every open watch cleanly (HTTP response complete), as a watch timeout would; clients re-watch. */
  endWatches(): void {
    this.#hub.endAll();
  }

  /** Forgets the change history: a watch from any older resourceVersion gets an ERROR event with 410 Expired. */
  compact(): void {
    this.#hub.compact();
  }

  /** Adds a rule under which requests get 403 Forbidden. */
  addDenyRule(rule: DenyRule): void {
    this.#denyRules.push(rule);
  }

  /** Removes every deny rule. */
  clearDenyRules(): void {
    this.#denyRules.length = 0;
  }

  /** Ends watches and log streams, closes every connection and stops listening. */
  async close(): Promise<void> {
    this.#hub.close();
    this.#logs.endAll();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  #changed(change: Change): void {
    this.#hub.publish(change);
    if (change.type === 'DELETED' && resourceKeyOf(change.resource) === 'v1/pods') {
      const meta = change.stored.object.metadata;
      this.#logs.end(String(meta.namespace), String(meta.name));
    }
  }

  #recordRequest(request: IncomingMessage, url: URL): RecordedRequest {
    const headers: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(request.headersDistinct)) if (values !== undefined) headers[name] = values;
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      userAgent: request.headers['user-agent'],
      authorization: request.headers.authorization,
      impersonateUser: headers['impersonate-user']?.[0],
      impersonateGroups: headers['impersonate-group'] ?? [],
    };
    if (this.#record) this.requests.push(recorded);
    return recorded;
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const recorded = this.#recordRequest(request, url);
    this.#serve(request, response, url, recorded).catch((error: unknown) => sendStatus(response, statusOf(error)));
  }

  async #serve(request: IncomingMessage, response: ServerResponse, url: URL, recorded: RecordedRequest): Promise<void> {
    const target: Route = route(this.#table, url.pathname);
    if (target.kind !== 'resource')
      return serveDiscovery(this.#table, target, request.headers.accept, new URL(this.url).host, response);
    const query = url.searchParams;
    const verb = verbOf(request.method ?? 'GET', target, query);
    recorded.verb = verb;
    recorded.resource = resourceKeyOf(target.type);
    const requester = requesterOf(request.headersDistinct, request.headers, this.#tokens);
    const method = request.method ?? 'GET';
    const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? await readBody(request) : Buffer.alloc(0);
    if (body.length > 0) {
      const binary = mediaTypeOf(request).includes('protobuf');
      recorded.body = binary ? body.toString('base64') : body.toString('utf8');
    }
    // Every user may ask what it may do (system:basic-user), so deny rules do not apply here.
    if (target.type.resource === 'selfsubjectaccessreviews') {
      if (verb !== 'create') throw methodNotAllowed(request.method ?? '', target.type.resource);
      const review = parseBody(body, mediaTypeOf(request)) as KubeObject;
      return sendJson(response, 201, reviewAccess(this.#table, this.#denyRules, requester, review));
    }
    const denied = denial(this.#denyRules, requester, {
      verb,
      type: target.type,
      subresource: target.subresource,
      namespace: target.namespace,
      name: target.name,
    });
    if (denied !== undefined) throw denied;
    const context: ResourceContext = {
      store: this.#store,
      hub: this.#hub,
      logs: this.#logs,
      namespaces: this.#type('v1/namespaces'),
    };
    return serveResource(context, target, verb, request, response, query, body);
  }
}
