/** The verbs on resources over HTTP: list, watch, get, create, update, patch, delete, deletecollection, pods/log. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaTypeOf, parseBody, sendJson, sendJsonText } from './http-io.js';
import type { PodLogs } from './logs.js';
import { jsonPatch, mergePatch } from './patch.js';
import { groupVersionOf } from './resources.js';
import type { ResourceRoute } from './routes.js';
import { scaleOf, withScale } from './scale.js';
import { querySelector } from './selectors.js';
import { badRequest, methodNotAllowed, notFound, unsupportedMediaType } from './status.js';
import type { ObjectStore, StoredObject } from './store.js';
import { strategicMerge } from './strategic-merge.js';
import { includeObjectOf, toTable, wantsTable } from './tables.js';
import type { KubeObject, ResourceType } from './types.js';
import type { WatchHub } from './watch-hub.js';

/** What the handlers work on. */
export interface ResourceContext {
  store: ObjectStore;
  hub: WatchHub;
  logs: PodLogs;
  /** The v1 namespaces type, to check that a namespace exists. */
  namespaces: ResourceType;
}

/** The Kubernetes verb of a request to a resource route. */
export function verbOf(method: string, route: ResourceRoute, query: URLSearchParams): string {
  const watch = route.watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (route.name === undefined) return watch ? 'watch' : 'list';
      return watch ? 'watch' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

function asObject(body: unknown, what: string): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(`${what} must be a JSON object`);
  const object = body as KubeObject;
  if (
    object.metadata !== undefined &&
    (typeof object.metadata !== 'object' || object.metadata === null || Array.isArray(object.metadata))
  )
    throw badRequest(`${what}: metadata must be an object`);
  return object;
}

const listKind = (type: ResourceType) => `${type.kind}List`;

/** `{"kind":"PodList",…,"items":[…]}` from stored JSON text, without re-serializing any item. */
function listText(type: ResourceType, items: StoredObject[], metadata: Record<string, unknown>): string {
  return `{"kind":"${listKind(type)}","apiVersion":"${groupVersionOf(type)}","metadata":${JSON.stringify(metadata)},"items":[${items
    .map((item) => item.json)
    .join(',')}]}`;
}

interface ContinueToken {
  after: string;
}

const itemKey = (item: StoredObject) =>
  item.object.metadata.namespace === undefined
    ? String(item.object.metadata.name)
    : `${item.object.metadata.namespace}/${item.object.metadata.name}`;

function page(
  items: StoredObject[],
  query: URLSearchParams,
): { items: StoredObject[]; continueToken?: string; remaining?: number } {
  let start = 0;
  const token = query.get('continue');
  if (token !== null && token !== '') {
    let decoded: ContinueToken;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    } catch {
      throw badRequest('continue key is not valid: illegal base64 data');
    }
    start = items.findIndex((item) => itemKey(item) > decoded.after);
    if (start < 0) start = items.length;
  }
  const limit = Number(query.get('limit') ?? 0);
  if (!Number.isInteger(limit) || limit <= 0 || start + limit >= items.length) return { items: items.slice(start) };
  const slice = items.slice(start, start + limit);
  const last = slice[slice.length - 1] as StoredObject;
  return {
    items: slice,
    continueToken: Buffer.from(JSON.stringify({ after: itemKey(last) } satisfies ContinueToken)).toString('base64url'),
    remaining: items.length - start - limit,
  };
}

function sendObject(
  response: ServerResponse,
  code: number,
  request: IncomingMessage,
  type: ResourceType,
  stored: StoredObject,
  query: URLSearchParams,
): void {
  if (wantsTable(request.headers.accept)) sendJson(response, code, toTable(type, [stored.object], includeObjectOf(query), {}));
  else sendJsonText(response, code, stored.json);
}

function list(
  ctx: ResourceContext,
  route: ResourceRoute,
  request: IncomingMessage,
  response: ServerResponse,
  query: URLSearchParams,
): void {
  const all = ctx.store.list(route.type, route.namespace, querySelector(query));
  const paged = page(all, query);
  const metadata: Record<string, unknown> = { resourceVersion: String(ctx.store.resourceVersion) };
  if (paged.continueToken !== undefined) {
    metadata.continue = paged.continueToken;
    metadata.remainingItemCount = paged.remaining;
  }
  if (wantsTable(request.headers.accept)) {
    const objects = paged.items.map((item) => item.object);
    sendJson(response, 200, toTable(route.type, objects, includeObjectOf(query), metadata));
  } else sendJsonText(response, 200, listText(route.type, paged.items, metadata));
}

function watch(
  ctx: ResourceContext,
  route: ResourceRoute,
  request: IncomingMessage,
  response: ServerResponse,
  query: URLSearchParams,
): void {
  let selector = querySelector(query);
  if (route.name !== undefined) {
    const name = route.name;
    const inner = selector;
    selector = (object) => object.metadata.name === name && inner(object);
  }
  const rv = query.get('resourceVersion');
  const sendInitialEvents = query.get('sendInitialEvents') === 'true';
  let from: number | undefined;
  if (!sendInitialEvents && rv !== null && rv !== '' && rv !== '0') {
    from = Number(rv);
    if (!Number.isInteger(from) || from < 0) throw badRequest(`invalid resource version: ${rv}`);
  }
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  response.flushHeaders();
  const table = wantsTable(request.headers.accept) ? includeObjectOf(query) : undefined;
  const stop = ctx.hub.open(
    {
      resource: route.type,
      namespace: route.namespace,
      selector,
      from,
      initial: () => ctx.store.list(route.type, route.namespace, selector),
      bookmarks: query.get('allowWatchBookmarks') === 'true',
      initialEventsEnd: sendInitialEvents,
      table,
      timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
    },
    response,
  );
  response.on('close', stop);
}

async function podLog(
  ctx: ResourceContext,
  route: ResourceRoute,
  response: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const namespace = route.namespace as string;
  const name = route.name as string;
  const pod = ctx.store.get(route.type, namespace, name);
  if (pod === undefined) throw notFound(route.type, name);
  const containers = ((pod.object.spec as { containers?: { name?: string }[] } | undefined)?.containers ?? []).map((c) =>
    String(c.name),
  );
  const container = query.get('container');
  if (container === null && containers.length > 1)
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
  if (container !== null && containers.length > 0 && !containers.includes(container))
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  const tail = query.get('tailLines');
  const tailLines = tail === null ? undefined : Number(tail);
  if (tailLines !== undefined && (!Number.isInteger(tailLines) || tailLines < 0)) throw badRequest(`invalid tailLines: ${tail}`);
  const text = ctx.logs.read(namespace, name, tailLines);
  if (query.get('follow') !== 'true') {
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
    return;
  }
  response.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  response.flushHeaders();
  if (text !== '') response.write(text);
  const stop = ctx.logs.follow(namespace, name, response);
  response.on('close', stop);
}

/** The real apiserver refuses to create objects in a namespace that does not exist. */
function requireNamespace(ctx: ResourceContext, type: ResourceType, namespace: string | undefined): void {
  if (!type.namespaced || namespace === undefined) return;
  const namespaces = ctx.namespaces;
  if (ctx.store.get(namespaces, undefined, namespace) === undefined) throw notFound(namespaces, namespace);
}

/** Applies a PATCH body by its Content-Type. */
function patched(current: KubeObject, body: Buffer, mediaType: string): KubeObject {
  switch (mediaType) {
    case 'application/strategic-merge-patch+json':
      return asObject(
        strategicMerge(current, asObject(parseBody(body, mediaType), 'a strategic merge patch')),
        'the patched object',
      );
    case 'application/merge-patch+json':
    case 'application/apply-patch+yaml':
      return asObject(mergePatch(current, asObject(parseBody(body, mediaType), 'a merge patch')), 'the patched object');
    case 'application/json-patch+json':
      return asObject(jsonPatch(current, parseBody(body, mediaType)), 'the patched object');
    default:
      throw unsupportedMediaType(mediaType);
  }
}

function scale(
  ctx: ResourceContext,
  route: ResourceRoute,
  verb: string,
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
): void {
  const { type, namespace } = route;
  const name = route.name as string;
  const current = ctx.store.get(type, namespace, name);
  if (current === undefined) throw notFound(type, name);
  if (verb === 'get') {
    sendJson(response, 200, scaleOf(current.object));
    return;
  }
  const mediaType = mediaTypeOf(request);
  let next: KubeObject;
  if (verb === 'update') next = asObject(parseBody(body, mediaType), 'the Scale in the request body');
  else if (verb === 'patch') next = patched(scaleOf(current.object), body, mediaType);
  else throw methodNotAllowed(request.method ?? '', `${type.resource}/scale`);
  const stored = ctx.store.update(type, namespace, name, withScale(current.object, next));
  sendJson(response, 200, scaleOf(stored.object));
}

/** Serves one resource request whose verb is already authorized; `requestBody` was read by the caller. */
export async function serveResource(
  ctx: ResourceContext,
  route: ResourceRoute,
  verb: string,
  request: IncomingMessage,
  response: ServerResponse,
  query: URLSearchParams,
  requestBody: Buffer,
): Promise<void> {
  const { store } = ctx;
  const { type, namespace, name, subresource } = route;
  if (subresource === 'log') {
    if (verb !== 'get') throw methodNotAllowed(request.method ?? '', 'pods/log');
    await podLog(ctx, route, response, query);
    return;
  }
  if (subresource === 'scale') return scale(ctx, route, verb, request, response, requestBody);
  const dryRun = query.get('dryRun') === 'All';
  switch (verb) {
    case 'list':
      return list(ctx, route, request, response, query);
    case 'watch':
      return watch(ctx, route, request, response, query);
    case 'get': {
      const stored = store.get(type, namespace, name as string);
      if (stored === undefined) throw notFound(type, name as string);
      return sendObject(response, 200, request, type, stored, query);
    }
    case 'create': {
      if (name !== undefined) throw methodNotAllowed('POST', `${type.resource}/${name}`);
      const body = asObject(parseBody(requestBody, mediaTypeOf(request)), `the ${type.kind} in the request body`);
      requireNamespace(ctx, type, namespace);
      return sendObject(response, 201, request, type, store.create(type, namespace, body, { dryRun }), query);
    }
    case 'update': {
      const body = asObject(parseBody(requestBody, mediaTypeOf(request)), `the ${type.kind} in the request body`);
      const only = subresource === 'status' ? 'status' : (type.subresources ?? []).includes('status') ? 'keepStatus' : undefined;
      const stored = store.update(type, namespace, name as string, body, only === undefined ? { dryRun } : { only, dryRun });
      return sendObject(response, 200, request, type, stored, query);
    }
    case 'patch': {
      const text = requestBody;
      const mediaType = mediaTypeOf(request);
      const current = store.get(type, namespace, name as string);
      if (current === undefined) {
        if (mediaType !== 'application/apply-patch+yaml') throw notFound(type, name as string);
        const body = asObject(parseBody(text, mediaType), `the ${type.kind} in the request body`);
        requireNamespace(ctx, type, namespace);
        return sendObject(response, 201, request, type, store.create(type, namespace, body, { dryRun }), query);
      }
      const next = patched(structuredClone(current.object), text, mediaType);
      const only = subresource === 'status' ? 'status' : (type.subresources ?? []).includes('status') ? 'keepStatus' : undefined;
      const stored = store.update(type, namespace, name as string, next, only === undefined ? { dryRun } : { only, dryRun });
      return sendObject(response, 200, request, type, stored, query);
    }
    case 'delete': {
      if (dryRun) {
        const stored = store.get(type, namespace, name as string);
        if (stored === undefined) throw notFound(type, name as string);
        return sendJsonText(response, 200, stored.json);
      }
      return sendJsonText(response, 200, store.delete(type, namespace, name as string).json);
    }
    case 'deletecollection': {
      const doomed = store.list(type, namespace, querySelector(query));
      const deleted = doomed.map((item) => store.delete(type, item.object.metadata.namespace, String(item.object.metadata.name)));
      return sendJsonText(response, 200, listText(type, deleted, { resourceVersion: String(store.resourceVersion) }));
    }
    default:
      throw methodNotAllowed(request.method ?? '', type.resource);
  }
}
