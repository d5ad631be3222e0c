/**
 * The kubernetes source's config: Botkube's keys (internal/source/kubernetes/config),
 * plus `resources[].messageTemplate`. Configs of the bound groups merge with
 * `mergeConfigs` (objects key by key, lists replaced whole) over the defaults.
 */
import { mergeConfigs } from '@chatkube/api';
import { compileConstraints, type MatchConstraints } from './constraints.js';
import { KubernetesConfigError } from './errors.js';
import { type FieldPath, parseFieldPath } from './field-path.js';

/** What happened, as Botkube names it. `all` means create, update, delete and error. */
export type EventType = 'create' | 'update' | 'delete' | 'error' | 'warning' | 'normal' | 'info' | 'all';

export const EVENT_TYPES: readonly EventType[] = ['create', 'update', 'delete', 'error', 'warning', 'normal', 'info', 'all'];

/** Values allowed by `include` and not refused by `exclude` (checked first); each entry is exact or a regex. */
export interface RegexConstraints {
  include?: string[];
  exclude?: string[];
}

export interface EventConstraints {
  types?: EventType[];
  reason?: RegexConstraints;
  message?: RegexConstraints;
}

export interface UpdateSetting {
  /** JSONPath-like fields (`spec.template.spec.containers[*].image`); an update notifies only if one changed. */
  fields?: string[];
  /** Add the changes to the message's Messages. */
  includeDiff?: boolean;
}

/** Go templates over the event (`.Kind`, `.Name`, …) replacing the card's title and adding a body. */
export interface MessageTemplate {
  title?: string;
  body?: string;
}

export interface ResourceConfig {
  /** `{group}/{version}/{plural}`, or `{version}/{plural}` for the core group: `v1/pods`, `apps/v1/deployments`. */
  type: string;
  name?: RegexConstraints;
  namespaces?: RegexConstraints;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  event?: EventConstraints;
  updateSetting?: UpdateSetting;
  messageTemplate?: MessageTemplate;
}

export interface ExtraButton {
  enabled?: boolean;
  trigger?: { type?: EventType[] };
  button?: { displayName?: string; commandTpl?: string };
}

export interface KubernetesConfig {
  namespaces: RegexConstraints;
  event: EventConstraints;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  resources: ResourceConfig[];
  recommendations: {
    pod: { noLatestImageTag: boolean; labelsSet: boolean };
    ingress: { backendServiceValid: boolean; tlsSecretValid: boolean };
  };
  filters: { objectAnnotationChecker: boolean; nodeEventsChecker: boolean };
  extraButtons: ExtraButton[];
  commands: { verbs: string[]; resources: string[] };
  /** A Go duration; kept for compatibility: watches resume from their resourceVersion, so there is no resync. */
  informerResyncPeriod: string;
  log: { level: string };
}

export const DEFAULT_VERBS = ['api-resources', 'api-versions', 'cluster-info', 'describe', 'explain', 'get', 'logs', 'top'];
export const DEFAULT_COMMAND_RESOURCES = [
  'deployments',
  'pods',
  'namespaces',
  'daemonsets',
  'statefulsets',
  'storageclasses',
  'nodes',
  'configmaps',
  'services',
  'ingresses',
];

export const defaults: KubernetesConfig = {
  namespaces: {},
  event: { types: ['create', 'update', 'delete', 'error'] },
  annotations: {},
  labels: {},
  resources: [],
  recommendations: {
    pod: { noLatestImageTag: false, labelsSet: false },
    ingress: { backendServiceValid: false, tlsSecretValid: false },
  },
  filters: { objectAnnotationChecker: true, nodeEventsChecker: true },
  extraButtons: [],
  commands: { verbs: DEFAULT_VERBS, resources: DEFAULT_COMMAND_RESOURCES },
  informerResyncPeriod: '30m',
  log: { level: 'info' },
};

/** A resource as `{group, version, plural}`; `group` is empty for the core group. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  /** As written in the config: `v1/pods`, `apps/v1/deployments`. */
  id: string;
}

const NAME_PART = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Parses `v1/pods` or `apps/v1/deployments`. Throws KubernetesConfigError naming `where`. */
export function parseResourceType(type: unknown, where: string): ResourceType {
  if (typeof type !== 'string' || type === '')
    throw new KubernetesConfigError(`${where}: type must be a string like v1/pods or apps/v1/deployments`);
  const parts = type.split('/');
  if ((parts.length !== 2 && parts.length !== 3) || !parts.every((part) => NAME_PART.test(part))) {
    throw new KubernetesConfigError(
      `${where}: type ${JSON.stringify(type)} is not {group}/{version}/{plural} or {version}/{plural} (for example v1/pods, apps/v1/deployments)`,
    );
  }
  const [group, version, plural] = parts.length === 3 ? parts : ['', ...parts];
  return { group: group as string, version: version as string, plural: plural as string, id: type };
}

const normalizeTypes = (types: unknown, where: string): EventType[] | undefined => {
  if (types === undefined || types === null) return undefined;
  if (!Array.isArray(types))
    throw new KubernetesConfigError(`${where}: must be a list of event types (${EVENT_TYPES.join(', ')})`);
  return types.map((type, index) => {
    const lower = typeof type === 'string' ? type.toLowerCase() : type;
    if (!EVENT_TYPES.includes(lower as EventType)) {
      throw new KubernetesConfigError(
        `${where}[${index}]: unknown event type ${JSON.stringify(type)}; known: ${EVENT_TYPES.join(', ')}`,
      );
    }
    return lower as EventType;
  });
};

const checkStringMap = (value: unknown, where: string): Record<string, string> | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new KubernetesConfigError(`${where}: must be a mapping of keys to string values`);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string')
      throw new KubernetesConfigError(`${where}.${key}: must be a string, got ${JSON.stringify(item)}`);
  }
  return value as Record<string, string>;
};

/** A config's regexes compiled, its event types normalised: what the router matches with. */
export interface CompiledEventConstraints {
  types: EventType[];
  reason: MatchConstraints | undefined;
  message: MatchConstraints | undefined;
}

export interface CompiledResource {
  type: ResourceType;
  name: MatchConstraints | undefined;
  namespaces: MatchConstraints | undefined;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  event: CompiledEventConstraints;
  updateSetting: { fields: FieldPath[]; includeDiff: boolean };
  messageTemplate: MessageTemplate | undefined;
}

/** A source group's config, merged and checked. */
export interface CompiledConfig {
  raw: KubernetesConfig;
  /** The group's namespaces, for resources without their own. */
  namespaces: MatchConstraints | undefined;
  resources: CompiledResource[];
}

function compileEvent(global: EventConstraints, own: EventConstraints | undefined, where: string): CompiledEventConstraints {
  const ownTypes = normalizeTypes(own?.types, `${where}.event.types`);
  const globalTypes = normalizeTypes(global.types, 'event.types') ?? [];
  const types = ownTypes && ownTypes.length > 0 ? ownTypes : globalTypes;
  const expanded = types.flatMap((type): EventType[] => (type === 'all' ? ['create', 'update', 'delete', 'error'] : [type]));
  // As Botkube: the resource's reason/message constraints replace the global ones when it defines any.
  const ownDefines =
    (own?.reason?.include?.length ?? 0) +
      (own?.reason?.exclude?.length ?? 0) +
      (own?.message?.include?.length ?? 0) +
      (own?.message?.exclude?.length ?? 0) >
    0;
  const source = ownDefines ? own : global;
  const prefix = ownDefines ? `${where}.event` : 'event';
  return {
    types: [...new Set(expanded)],
    reason: compileConstraints(source?.reason, `${prefix}.reason`),
    message: compileConstraints(source?.message, `${prefix}.message`),
  };
}

/**
 * Merges a group's configs over the defaults and checks them: resource types,
 * event types, regexes and maps. Throws KubernetesConfigError naming the key.
 */
export function compileConfig(configs: readonly unknown[]): CompiledConfig {
  const raw = mergeConfigs(defaults, configs);
  if (!Array.isArray(raw.resources)) throw new KubernetesConfigError('resources: must be a list');
  if (!Array.isArray(raw.extraButtons)) throw new KubernetesConfigError('extraButtons: must be a list');
  const globalAnnotations = checkStringMap(raw.annotations, 'annotations') ?? {};
  const globalLabels = checkStringMap(raw.labels, 'labels') ?? {};
  const globalNamespaces = compileConstraints(raw.namespaces, 'namespaces');
  raw.extraButtons.forEach((button, index) => {
    normalizeTypes(button?.trigger?.type, `extraButtons[${index}].trigger.type`);
  });
  const resources = raw.resources.map((resource, index): CompiledResource => {
    const where = `resources[${index}]`;
    if (typeof resource !== 'object' || resource === null)
      throw new KubernetesConfigError(`${where}: must be a mapping with a type`);
    const annotations = checkStringMap(resource.annotations, `${where}.annotations`);
    const labels = checkStringMap(resource.labels, `${where}.labels`);
    const fields = resource.updateSetting?.fields ?? [];
    if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string')) {
      throw new KubernetesConfigError(`${where}.updateSetting.fields: must be a list of field paths`);
    }
    return {
      type: parseResourceType(resource.type, `${where}.type`),
      name: compileConstraints(resource.name, `${where}.name`),
      namespaces: compileConstraints(resource.namespaces, `${where}.namespaces`) ?? globalNamespaces,
      annotations: annotations && Object.keys(annotations).length > 0 ? annotations : globalAnnotations,
      labels: labels && Object.keys(labels).length > 0 ? labels : globalLabels,
      event: compileEvent(raw.event ?? {}, resource.event, where),
      updateSetting: {
        fields: fields.map((field, n) => parseFieldPath(field, `${where}.updateSetting.fields[${n}]`)),
        includeDiff: resource.updateSetting?.includeDiff === true,
      },
      messageTemplate: resource.messageTemplate,
    };
  });
  return { raw, namespaces: globalNamespaces, resources };
}
