/**
 * Resource type names as kubectl reads them: case-insensitive, singular,
 * plural or short (`po`, `pod`, `pods`), optionally with a version and group
 * (`pods.v1.`, `deployments.apps`). The plugin has no API discovery; the
 * built-in types are enough to check `allowed.resources` and to find Secrets.
 */

const ALIASES: Record<string, string[]> = {
  pods: ['po', 'pod'],
  services: ['svc', 'service'],
  deployments: ['deploy', 'deployment'],
  replicasets: ['rs', 'replicaset'],
  statefulsets: ['sts', 'statefulset'],
  daemonsets: ['ds', 'daemonset'],
  configmaps: ['cm', 'configmap'],
  secrets: ['secret'],
  namespaces: ['ns', 'namespace'],
  nodes: ['no', 'node'],
  ingresses: ['ing', 'ingress'],
  jobs: ['job'],
  cronjobs: ['cj', 'cronjob'],
  persistentvolumeclaims: ['pvc', 'persistentvolumeclaim'],
  persistentvolumes: ['pv', 'persistentvolume'],
  storageclasses: ['sc', 'storageclass'],
  events: ['ev', 'event'],
  serviceaccounts: ['sa', 'serviceaccount'],
  endpoints: ['ep', 'endpoint'],
  horizontalpodautoscalers: ['hpa', 'horizontalpodautoscaler'],
  networkpolicies: ['netpol', 'networkpolicy'],
  poddisruptionbudgets: ['pdb', 'poddisruptionbudget'],
  customresourcedefinitions: ['crd', 'crds', 'customresourcedefinition'],
  roles: ['role'],
  rolebindings: ['rolebinding'],
  clusterroles: ['clusterrole'],
  clusterrolebindings: ['clusterrolebinding'],
};

const CANONICAL = new Map<string, string>(
  Object.entries(ALIASES).flatMap(([plural, names]) => [
    [plural, plural] as const,
    ...names.map((name) => [name, plural] as const),
  ]),
);

/** `Pods.v1.` → `pods`, `deploy` → `deployments`; a type it does not know, lower-cased without its group. */
export function canonicalResource(type: string): string {
  const name = type.toLowerCase().split('.')[0] ?? '';
  return CANONICAL.get(name) ?? name;
}

/** Whether `type` can name Secrets (`sec` too: a short name a CRD might give them is not worth the risk). */
export function isSecretType(type: string): boolean {
  const name = type.toLowerCase().split('.')[0] ?? '';
  return name === 'secret' || name === 'secrets' || name === 'sec';
}
