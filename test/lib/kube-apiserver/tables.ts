/** meta.k8s.io/v1 Tables, what `kubectl get` asks for: per-kind columns for well-known kinds, NAME/AGE otherwise. */
import { resourceKeyOf } from './resources.js';
import type { KubeObject, ResourceType } from './types.js';

interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cells = (object: KubeObject, now: number) => unknown[];
interface Printer {
  columns: ColumnDefinition[];
  cells: Cells;
}

const column = (name: string, type = 'string', priority = 0, format = ''): ColumnDefinition => ({
  name,
  type,
  format,
  description: `${name} of the object`,
  priority,
});
const nameColumn = column('Name', 'string', 0, 'name');
const ageColumn = column('Age');

/** kubectl's duration.HumanDuration: `45s`, `3m20s`, `5h10m`, `12d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

function age(object: KubeObject, now: number): string {
  const created = object.metadata.creationTimestamp;
  return created === undefined ? '<unknown>' : humanDuration(now - Date.parse(created));
}

/** The value at a dotted path (`spec.replicas`). */
function at(object: unknown, path: string): unknown {
  let value = object;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const asArray = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);
const orNone = (value: unknown) => (value === undefined || value === null || value === '' ? '<none>' : String(value));

/** What the pod printer shows in STATUS: a waiting/terminated container's reason, Terminating, or the phase. */
function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp !== undefined) return 'Terminating';
  let reason = String(at(pod, 'status.reason') ?? at(pod, 'status.phase') ?? 'Unknown');
  for (const status of asArray(at(pod, 'status.containerStatuses'))) {
    const waiting = at(status, 'state.waiting.reason');
    const terminated = at(status, 'state.terminated.reason');
    if (typeof waiting === 'string' && waiting !== '') reason = waiting;
    else if (typeof terminated === 'string' && terminated !== '') reason = terminated;
  }
  return reason;
}

const podPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready'),
    column('Status'),
    column('Restarts'),
    ageColumn,
    column('IP', 'string', 1),
    column('Node', 'string', 1),
    column('Nominated Node', 'string', 1),
    column('Readiness Gates', 'string', 1),
  ],
  cells: (pod, now) => {
    const statuses = asArray(at(pod, 'status.containerStatuses'));
    const ready = statuses.filter((status) => status.ready === true).length;
    const restarts = statuses.reduce((sum, status) => sum + (Number(status.restartCount) || 0), 0);
    return [
      pod.metadata.name,
      `${ready}/${asArray(at(pod, 'spec.containers')).length}`,
      podStatus(pod),
      String(restarts),
      age(pod, now),
      orNone(at(pod, 'status.podIP')),
      orNone(at(pod, 'spec.nodeName')),
      '<none>',
      '<none>',
    ];
  },
};

const replicated = (ready: string): Printer => ({
  columns: [nameColumn, column('Ready'), column('Up-to-date', 'integer'), column('Available', 'integer'), ageColumn],
  cells: (object, now) => [
    object.metadata.name,
    `${Number(at(object, ready) ?? 0)}/${Number(at(object, 'spec.replicas') ?? 0)}`,
    Number(at(object, 'status.updatedReplicas') ?? 0),
    Number(at(object, 'status.availableReplicas') ?? 0),
    age(object, now),
  ],
});

const count = (value: unknown) => (value !== null && typeof value === 'object' ? Object.keys(value).length : 0);

/** When an event was last seen: lastTimestamp, else eventTime, else firstTimestamp, else creation. */
function lastSeen(event: KubeObject, now: number): string {
  const at = [event.lastTimestamp, event.eventTime, event.firstTimestamp, event.metadata.creationTimestamp].find(
    (value) => typeof value === 'string' && value !== '',
  );
  return typeof at === 'string' ? humanDuration(now - Date.parse(at)) : '<unknown>';
}

const PRINTERS: Record<string, Printer> = {
  'v1/configmaps': {
    columns: [nameColumn, column('Data', 'integer'), ageColumn],
    cells: (cm, now) => [cm.metadata.name, count(cm.data) + count(cm.binaryData), age(cm, now)],
  },
  'v1/secrets': {
    columns: [nameColumn, column('Type'), column('Data', 'integer'), ageColumn],
    cells: (secret, now) => [secret.metadata.name, String(secret.type ?? 'Opaque'), count(secret.data), age(secret, now)],
  },
  'v1/events': {
    columns: [
      column('Last Seen'),
      column('Type'),
      column('Reason'),
      column('Object'),
      column('Message'),
      column('Name', 'string', 1, 'name'),
    ],
    cells: (event, now) => [
      lastSeen(event, now),
      String(event.type ?? ''),
      String(event.reason ?? ''),
      `${String(at(event, 'involvedObject.kind') ?? '').toLowerCase()}/${String(at(event, 'involvedObject.name') ?? '')}`,
      String(event.message ?? '').trim(),
      event.metadata.name,
    ],
  },
  'apps/v1/replicasets': {
    columns: [nameColumn, column('Desired', 'integer'), column('Current', 'integer'), column('Ready', 'integer'), ageColumn],
    cells: (rs, now) => [
      rs.metadata.name,
      Number(at(rs, 'spec.replicas') ?? 0),
      Number(at(rs, 'status.replicas') ?? 0),
      Number(at(rs, 'status.readyReplicas') ?? 0),
      age(rs, now),
    ],
  },
  'apps/v1/daemonsets': {
    columns: [
      nameColumn,
      column('Desired', 'integer'),
      column('Current', 'integer'),
      column('Ready', 'integer'),
      column('Up-to-date', 'integer'),
      column('Available', 'integer'),
      column('Node Selector'),
      ageColumn,
    ],
    cells: (ds, now) => [
      ds.metadata.name,
      Number(at(ds, 'status.desiredNumberScheduled') ?? 0),
      Number(at(ds, 'status.currentNumberScheduled') ?? 0),
      Number(at(ds, 'status.numberReady') ?? 0),
      Number(at(ds, 'status.updatedNumberScheduled') ?? 0),
      Number(at(ds, 'status.numberAvailable') ?? 0),
      Object.entries((at(ds, 'spec.template.spec.nodeSelector') ?? {}) as Record<string, string>)
        .map(([key, value]) => `${key}=${value}`)
        .join(',') || '<none>',
      age(ds, now),
    ],
  },
  'networking.k8s.io/v1/ingresses': {
    columns: [nameColumn, column('Class'), column('Hosts'), column('Address'), column('Ports'), ageColumn],
    cells: (ing, now) => [
      ing.metadata.name,
      orNone(at(ing, 'spec.ingressClassName')),
      asArray(at(ing, 'spec.rules'))
        .map((rule) => String(rule.host ?? '*'))
        .join(',') || '*',
      asArray(at(ing, 'status.loadBalancer.ingress'))
        .map((entry) => String(entry.ip ?? entry.hostname ?? ''))
        .join(','),
      asArray(at(ing, 'spec.tls')).length > 0 ? '80, 443' : '80',
      age(ing, now),
    ],
  },
  'v1/pods': podPrinter,
  'v1/namespaces': {
    columns: [nameColumn, column('Status'), ageColumn],
    cells: (ns, now) => [ns.metadata.name, String(at(ns, 'status.phase') ?? 'Active'), age(ns, now)],
  },
  'v1/nodes': {
    columns: [nameColumn, column('Status'), column('Roles'), ageColumn, column('Version')],
    cells: (node, now) => {
      const ready = asArray(at(node, 'status.conditions')).find((condition) => condition.type === 'Ready');
      return [
        node.metadata.name,
        ready?.status === 'True' ? 'Ready' : 'NotReady',
        '<none>',
        age(node, now),
        orNone(at(node, 'status.nodeInfo.kubeletVersion')),
      ];
    },
  },
  'v1/services': {
    columns: [nameColumn, column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), ageColumn],
    cells: (svc, now) => [
      svc.metadata.name,
      String(at(svc, 'spec.type') ?? 'ClusterIP'),
      orNone(at(svc, 'spec.clusterIP')),
      '<none>',
      asArray(at(svc, 'spec.ports'))
        .map((port) => `${String(port.port)}/${String(port.protocol ?? 'TCP')}`)
        .join(',') || '<none>',
      age(svc, now),
    ],
  },
  'apps/v1/deployments': replicated('status.readyReplicas'),
  'apps/v1/statefulsets': {
    columns: [nameColumn, column('Ready'), ageColumn],
    cells: (sts, now) => [
      sts.metadata.name,
      `${Number(at(sts, 'status.readyReplicas') ?? 0)}/${Number(at(sts, 'spec.replicas') ?? 0)}`,
      age(sts, now),
    ],
  },
};

function printerFor(type: ResourceType): Printer {
  const known = PRINTERS[resourceKeyOf(type)];
  if (known !== undefined) return known;
  const extra = type.printerColumns ?? [];
  return {
    columns: [
      nameColumn,
      ...extra.map((printer) => ({
        ...column(printer.name, printer.type, printer.priority ?? 0),
        description: printer.description ?? '',
      })),
      ageColumn,
    ],
    cells: (object, now) => [
      object.metadata.name,
      ...extra.map((printer) => at(object, printer.jsonPath.replace(/^\./, '')) ?? null),
      age(object, now),
    ],
  };
}

/** `includeObject` of the request: what each row carries besides its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

/** A Table of the objects; `listMeta` carries resourceVersion/continue as a list would. */
export function toTable(
  type: ResourceType,
  objects: readonly KubeObject[],
  include: IncludeObject,
  listMeta: Record<string, unknown> = {},
): Record<string, unknown> {
  const printer = printerFor(type);
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: printer.columns,
    rows: objects.map((object) => {
      const row: Record<string, unknown> = { cells: printer.cells(object, now) };
      const carried = rowObject(object, include);
      if (carried !== undefined) row.object = carried;
      return row;
    }),
  };
}

/** Whether an Accept header asks for a meta.k8s.io Table (`application/json;as=Table;v=v1;g=meta.k8s.io`). */
export function wantsTable(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((param) => param.trim());
    return (
      params.includes('as=Table') && params.includes('g=meta.k8s.io') && (params.includes('v=v1') || params.includes('v=v1beta1'))
    );
  });
}

/** Reads `includeObject` from a query, defaulting to Metadata as the apiserver does. */
export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
