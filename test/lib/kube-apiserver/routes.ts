/** Turns a request path into what it addresses: a discovery document or a resource (namespace, name, subresource). */
import type { ResourceTable } from './resources.js';
import type { ResourceType } from './types.js';

/** A request for objects of one resource type. */
export interface ResourceRoute {
  kind: 'resource';
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  /** The deprecated `/watch/` path form was used. */
  watchPath: boolean;
}

export type Route =
  | ResourceRoute
  | { kind: 'version' }
  | { kind: 'core' }
  | { kind: 'groups' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; groupVersion: string }
  | { kind: 'openapi'; path: string }
  | { kind: 'health' }
  | { kind: 'unknown' };

/** Routes a path; `unknown` when nothing is served there (404). */
export function route(table: ResourceTable, pathname: string): Route {
  const parts = pathname
    .split('/')
    .filter((part) => part !== '')
    .map((part) => decodeURIComponent(part));
  const [first, second, third] = parts;
  if (first === 'version' && parts.length === 1) return { kind: 'version' };
  if ((first === 'healthz' || first === 'readyz' || first === 'livez') && parts.length === 1) return { kind: 'health' };
  if (first === 'openapi') return { kind: 'openapi', path: parts.slice(1).join('/') };
  if (first === 'api') {
    if (parts.length === 1) return { kind: 'core' };
    if (second !== 'v1') return { kind: 'unknown' };
    if (parts.length === 2) return { kind: 'groupVersion', groupVersion: 'v1' };
    return resourceRoute(table, 'v1', parts.slice(2));
  }
  if (first === 'apis') {
    if (parts.length === 1) return { kind: 'groups' };
    if (parts.length === 2) return { kind: 'group', group: second as string };
    const groupVersion = `${second}/${third}`;
    if (parts.length === 3) return { kind: 'groupVersion', groupVersion };
    return resourceRoute(table, groupVersion, parts.slice(3));
  }
  return { kind: 'unknown' };
}

function resourceRoute(table: ResourceTable, groupVersion: string, rest: string[]): Route {
  let parts = rest;
  const watchPath = parts[0] === 'watch';
  if (watchPath) parts = parts.slice(1);
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length >= 3 && table.lookup(groupVersion, parts[2] as string)?.namespaced === true) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  const [resource, name, subresource, ...extra] = parts;
  const type = resource === undefined ? undefined : table.lookup(groupVersion, resource);
  if (type === undefined || extra.length > 0) return { kind: 'unknown' };
  if (type.namespaced && namespace === undefined && name !== undefined) return { kind: 'unknown' };
  if (subresource !== undefined && !(type.subresources ?? []).includes(subresource)) return { kind: 'unknown' };
  return { kind: 'resource', type, namespace, name, subresource, watchPath };
}
