/** The built-in resource table and the lookups over it that routing and the store share. */
import type { ResourceType } from './types.js';

const core = (resource: string, singular: string, kind: string, namespaced: boolean, more: Partial<ResourceType> = {}) =>
  ({ group: '', version: 'v1', resource, singular, kind, namespaced, ...more }) satisfies ResourceType;
const apps = (resource: string, singular: string, kind: string, shortNames: string[]) =>
  ({
    group: 'apps',
    version: 'v1',
    resource,
    singular,
    kind,
    namespaced: true,
    shortNames,
    categories: ['all'],
    subresources: resource === 'daemonsets' ? ['status'] : ['status', 'scale'],
  }) satisfies ResourceType;

/** What a real cluster serves that chatkube touches, plus one custom resource (`chatkube.io/v1` widgets). */
export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  core('pods', 'pod', 'Pod', true, { shortNames: ['po'], categories: ['all'], subresources: ['status', 'log'] }),
  core('services', 'service', 'Service', true, { shortNames: ['svc'], categories: ['all'], subresources: ['status'] }),
  core('configmaps', 'configmap', 'ConfigMap', true, { shortNames: ['cm'] }),
  core('secrets', 'secret', 'Secret', true),
  core('events', 'event', 'Event', true, { shortNames: ['ev'] }),
  core('namespaces', 'namespace', 'Namespace', false, { shortNames: ['ns'], subresources: ['status'] }),
  core('nodes', 'node', 'Node', false, { shortNames: ['no'], subresources: ['status'] }),
  apps('deployments', 'deployment', 'Deployment', ['deploy']),
  apps('replicasets', 'replicaset', 'ReplicaSet', ['rs']),
  apps('statefulsets', 'statefulset', 'StatefulSet', ['sts']),
  apps('daemonsets', 'daemonset', 'DaemonSet', ['ds']),
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
    subresources: ['status'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'chatkube.io',
    version: 'v1',
    resource: 'widgets',
    singular: 'widget',
    kind: 'Widget',
    namespaced: true,
    shortNames: ['wd'],
    subresources: ['status'],
    printerColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
  },
];

/** `group/version` as in apiVersion: `v1`, `apps/v1`. */
export function groupVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** The key tests and the store use for a resource type: `v1/pods`, `apps/v1/deployments`. */
export function resourceKeyOf(type: ResourceType): string {
  return `${groupVersionOf(type)}/${type.resource}`;
}

/** The resource types served, indexed by key and by group/version. */
export class ResourceTable {
  readonly types: readonly ResourceType[];
  readonly #byKey = new Map<string, ResourceType>();
  readonly #byGroupVersion = new Map<string, Map<string, ResourceType>>();

  constructor(types: readonly ResourceType[]) {
    this.types = types;
    for (const type of types) {
      this.#byKey.set(resourceKeyOf(type), type);
      const gv = groupVersionOf(type);
      let resources = this.#byGroupVersion.get(gv);
      if (resources === undefined) {
        resources = new Map();
        this.#byGroupVersion.set(gv, resources);
      }
      resources.set(type.resource, type);
    }
  }

  /** The type for `v1/pods`-style keys; a bare plural (`pods`) works too when only one group has it. */
  byKey(key: string): ResourceType | undefined {
    const found = this.#byKey.get(key);
    if (found !== undefined || key.includes('/')) return found;
    const matches = this.types.filter((type) => type.resource === key);
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** The type served at `/api(s)/{groupVersion}/{resource}`. */
  lookup(groupVersion: string, resource: string): ResourceType | undefined {
    return this.#byGroupVersion.get(groupVersion)?.get(resource);
  }

  /** Whether any type is served under this group/version. */
  hasGroupVersion(groupVersion: string): boolean {
    return this.#byGroupVersion.has(groupVersion);
  }

  /** Group names in the order first seen, the core group ('') excluded. */
  groups(): string[] {
    return [...new Set(this.types.filter((type) => type.group !== '').map((type) => type.group))];
  }

  /** The versions served for a group, in the order first seen. */
  versionsOf(group: string): string[] {
    return [...new Set(this.types.filter((type) => type.group === group).map((type) => type.version))];
  }

  /** The types served under one group/version. */
  typesIn(groupVersion: string): ResourceType[] {
    return [...(this.#byGroupVersion.get(groupVersion)?.values() ?? [])];
  }
}
