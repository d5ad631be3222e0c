/** Discovery documents (/version, /api, /apis, /api/v1, /apis/{group}[/{version}]) made from the resource table. */
import type { ResourceTable } from './resources.js';
import type { ResourceType } from './types.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The version a Kubernetes 1.32 server reports. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(table: ResourceTable, group: string): Record<string, unknown> {
  const versions = table.versionsOf(group).map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(table: ResourceTable): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: table.groups().map((group) => apiGroup(table, group)) };
}

/** /apis/{group}: one APIGroup, or undefined when the group is not served. */
export function apiGroupDocument(table: ResourceTable, group: string): Record<string, unknown> | undefined {
  if (!table.groups().includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(table, group) };
}

function resourceEntries(type: ResourceType): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: type.resource,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.verbs ?? VERBS,
  };
  if (type.shortNames !== undefined) main.shortNames = type.shortNames;
  if (type.categories !== undefined) main.categories = type.categories;
  const subresources = (type.subresources ?? []).map((sub) => ({
    name: `${type.resource}/${sub}`,
    singularName: '',
    namespaced: type.namespaced,
    kind: sub === 'log' ? 'Pod' : sub === 'scale' ? 'Scale' : type.kind,
    ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1' } : {}),
    verbs: sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
  }));
  return [main, ...subresources];
}

/** /api/v1 or /apis/{group}/{version}: the APIResourceList, or undefined when not served. */
export function apiResourceList(table: ResourceTable, groupVersion: string): Record<string, unknown> | undefined {
  if (!table.hasGroupVersion(groupVersion)) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: table.typesIn(groupVersion).flatMap(resourceEntries),
  };
}

/** Whether the Accept header prefers aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList). */
export function wantsAggregated(accept: string | undefined): boolean {
  return accept?.split(',')[0]?.includes('as=APIGroupDiscoveryList') === true && accept.includes('v=v2;');
}

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function discoveryResource(type: ResourceType): Record<string, unknown> {
  const responseKind = { group: type.group, version: type.version, kind: type.kind };
  return {
    resource: type.resource,
    responseKind,
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: type.verbs ?? VERBS,
    ...(type.shortNames === undefined ? {} : { shortNames: type.shortNames }),
    ...(type.categories === undefined ? {} : { categories: type.categories }),
    ...(type.subresources === undefined
      ? {}
      : {
          subresources: type.subresources.map((sub) => ({
            subresource: sub,
            responseKind:
              sub === 'log'
                ? { group: '', version: 'v1', kind: 'Pod' }
                : sub === 'scale'
                  ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
                  : responseKind,
            verbs: sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
          })),
        }),
  };
}

/** The aggregated discovery document of /api (core: true) or /apis (the named groups). */
export function aggregatedDiscovery(table: ResourceTable, core: boolean): Record<string, unknown> {
  const groups = core ? [''] : table.groups();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((group) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: table.versionsOf(group).map((version) => ({
        version,
        resources: table.typesIn(group === '' ? version : `${group}/${version}`).map(discoveryResource),
        freshness: 'Current',
      })),
    })),
  };
}
