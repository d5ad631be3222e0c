/**
 * The kubectl executor's config: Botkube's keys (`defaultNamespace`,
 * `interactiveBuilder`, `log`) and chatkube's (`allowed`, `streamTimeout`),
 * merged from every bound group as Botkube's plugins merge them.
 */
import { GO_DURATION_EXPECTED, mergeConfigs, parseGoDuration } from '@chatkube/api';
import { KubectlConfigError } from './errors.js';

/** Botkube's interactive builder verbs, which are also the verbs allowed unless the config says otherwise. */
export const BUILDER_VERBS = ['api-resources', 'api-versions', 'cluster-info', 'describe', 'explain', 'get', 'logs', 'top'];
/** Botkube's interactive builder resources. */
export const BUILDER_RESOURCES = [
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
  'replicasets',
  'secrets',
  'cronjobs',
  'jobs',
];

export interface KubectlConfig {
  /** Added as `-n` when a command names no namespace. */
  defaultNamespace: string;
  allowed: {
    /** The kubectl verbs that may run. */
    verbs: string[];
    /** The resource types commands may name; empty: any. */
    resources: string[];
  };
  interactiveBuilder: { allowed: { namespaces: string[]; verbs: string[]; resources: string[] } };
  /** How long `logs -f` and `get -w` run, as a Go duration (`5m`). */
  streamTimeout: string;
  log: { level: string };
}

export const DEFAULT_CONFIG: KubectlConfig = {
  defaultNamespace: 'default',
  allowed: { verbs: BUILDER_VERBS, resources: [] },
  interactiveBuilder: { allowed: { namespaces: [], verbs: BUILDER_VERBS, resources: BUILDER_RESOURCES } },
  streamTimeout: '5m',
  log: { level: 'info' },
};

const stringList = (description: string, defaults: string[]) => ({
  type: 'array',
  items: { type: 'string' },
  default: defaults,
  description,
});

/** The JSON schema of the config, in the plugin's Metadata. */
export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'kubectl',
  description: 'Runs kubectl commands typed in chat, read-only verbs by default.',
  type: 'object',
  properties: {
    defaultNamespace: {
      type: 'string',
      default: 'default',
      description: 'The namespace of commands that name none (-n, --namespace, -A).',
    },
    allowed: {
      type: 'object',
      description: 'What commands may do.',
      properties: {
        verbs: stringList('kubectl verbs that may run.', BUILDER_VERBS),
        resources: stringList('Resource types commands may name (plural names, e.g. pods); empty: any.', []),
      },
      additionalProperties: false,
    },
    interactiveBuilder: {
      type: 'object',
      description: 'What the interactive command builder offers.',
      properties: {
        allowed: {
          type: 'object',
          properties: {
            namespaces: stringList('Namespaces offered; empty: those the cluster lists.', []),
            verbs: stringList('Verbs offered.', BUILDER_VERBS),
            resources: stringList('Resource types offered.', BUILDER_RESOURCES),
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    streamTimeout: {
      type: 'string',
      default: '5m',
      pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$',
      description: 'How long logs -f and get -w stream before they are stopped (Go duration).',
    },
    log: {
      type: 'object',
      properties: {
        level: {
          type: 'string',
          default: 'info',
          enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic', ''],
        },
        disableColors: { type: 'boolean' },
        formatter: { type: 'string', enum: ['json', 'text', ''] },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

/** The longest timer Node keeps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Milliseconds of a Go duration such as `5m` or `1m30s`. */
export function parseDuration(text: string): number {
  const ms = parseGoDuration(text);
  if (ms === undefined) {
    throw new KubectlConfigError(`streamTimeout must be ${GO_DURATION_EXPECTED}, got ${JSON.stringify(text)}`);
  }
  if (ms <= 0 || ms > MAX_TIMER_MS) {
    throw new KubectlConfigError(`streamTimeout must be longer than 0 and at most 24 days, got ${JSON.stringify(text)}`);
  }
  return ms;
}

/** The configs of every bound group, merged over the defaults. */
export function loadConfig(configs: readonly unknown[]): KubectlConfig {
  const config = mergeConfigs(DEFAULT_CONFIG, configs);
  const lists = [config.allowed.verbs, config.allowed.resources, config.interactiveBuilder.allowed.verbs];
  if (!lists.every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'))) {
    throw new KubectlConfigError('allowed.verbs, allowed.resources and interactiveBuilder.allowed.* must be lists of names');
  }
  if (typeof config.defaultNamespace !== 'string' || config.defaultNamespace === '') {
    throw new KubectlConfigError('defaultNamespace must be a namespace name');
  }
  return config;
}
