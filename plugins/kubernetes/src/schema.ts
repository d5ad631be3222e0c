/** The JSON schema (draft-07) of the kubernetes source's config, with its defaults. */
import { DEFAULT_COMMAND_RESOURCES, DEFAULT_VERBS, defaults, EVENT_TYPES } from './config.js';

const regexConstraints = (description: string) => ({
  type: 'object',
  description,
  properties: {
    include: { type: 'array', items: { type: 'string' }, description: 'Allowed values: exact or regex (".*" for all).' },
    exclude: { type: 'array', items: { type: 'string' }, description: 'Refused values, checked first: exact or regex.' },
  },
  additionalProperties: false,
});

const stringMap = (description: string) => ({ type: 'object', description, additionalProperties: { type: 'string' } });

const eventTypes = {
  type: 'array',
  items: { type: 'string', enum: [...EVENT_TYPES, ...EVENT_TYPES.map((t) => t.toUpperCase())] },
};

const event = (description: string, withDefault: boolean) => ({
  type: 'object',
  description,
  ...(withDefault ? { default: defaults.event } : {}),
  properties: {
    types: { ...eventTypes, description: 'Event types to notify: create, update, delete, error, warning, normal, info or all.' },
    reason: regexConstraints('Event reasons to notify.'),
    message: regexConstraints('Event messages to notify; an event passes when any of its messages does.'),
  },
  additionalProperties: false,
});

const flag = (description: string) => ({ type: 'boolean', default: false, description });

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'kubernetes',
  description: 'Kubernetes events: resources created, updated, deleted, and Warning events, with recommendations.',
  type: 'object',
  properties: {
    namespaces: regexConstraints('Namespaces of every resource unless it has its own.'),
    event: event('Event constraints of every resource unless it has its own.', true),
    annotations: stringMap('Annotations an object must all have (exact values).'),
    labels: stringMap('Labels an object must all have (exact values).'),
    resources: {
      type: 'array',
      default: [],
      description: 'The resources to watch.',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: {
            type: 'string',
            pattern: '^([a-z0-9.-]+/)?[a-z0-9.-]+/[a-z0-9.-]+$',
            description: '{group}/{version}/{plural}, or {version}/{plural} for the core group: v1/pods, apps/v1/deployments.',
          },
          name: regexConstraints('Object names to notify.'),
          namespaces: regexConstraints("This resource's namespaces."),
          annotations: stringMap("This resource's annotations."),
          labels: stringMap("This resource's labels."),
          event: event("This resource's event constraints.", false),
          updateSetting: {
            type: 'object',
            properties: {
              fields: {
                type: 'array',
                items: { type: 'string' },
                description: 'Fields whose change makes an update worth telling.',
              },
              includeDiff: { type: 'boolean', default: false, description: 'Add the changes to the message.' },
            },
            additionalProperties: false,
          },
          messageTemplate: {
            type: 'object',
            description: 'Go templates over the event (.Kind, .Name, .Namespace, .Reason, .Messages, …) for the card.',
            properties: { title: { type: 'string' }, body: { type: 'string' } },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    recommendations: {
      type: 'object',
      description: 'Checks of created objects.',
      properties: {
        pod: {
          type: 'object',
          properties: { noLatestImageTag: flag('Containers using a latest image.'), labelsSet: flag('Pods without labels.') },
          additionalProperties: false,
        },
        ingress: {
          type: 'object',
          properties: {
            backendServiceValid: flag('Backend services that do not exist or lack the port.'),
            tlsSecretValid: flag('TLS secrets that do not exist.'),
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    filters: {
      type: 'object',
      properties: {
        objectAnnotationChecker: {
          type: 'boolean',
          default: true,
          description: 'Skip objects annotated botkube.io/disable or chatkube.io/disable: "true".',
        },
        nodeEventsChecker: {
          type: 'boolean',
          default: true,
          description: 'Of Node events, keep only NodeNotReady and NodeReady.',
        },
      },
      additionalProperties: false,
    },
    extraButtons: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        properties: {
          enabled: { type: 'boolean', default: false },
          trigger: { type: 'object', properties: { type: eventTypes }, additionalProperties: false },
          button: {
            type: 'object',
            properties: {
              displayName: { type: 'string' },
              commandTpl: {
                type: 'string',
                description: 'A Go template over the event; the button runs {{BotName}} <rendered>.',
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    commands: {
      type: 'object',
      description: 'The "Run command..." select of interactive cards.',
      properties: {
        verbs: { type: 'array', items: { type: 'string' }, default: DEFAULT_VERBS },
        resources: { type: 'array', items: { type: 'string' }, default: DEFAULT_COMMAND_RESOURCES },
      },
      additionalProperties: false,
    },
    informerResyncPeriod: {
      type: 'string',
      default: defaults.informerResyncPeriod,
      description: 'Accepted for Botkube configs; watches resume, so there is no resync.',
    },
    log: {
      type: 'object',
      properties: {
        level: {
          type: 'string',
          default: 'info',
          enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic'],
        },
      },
      additionalProperties: true,
    },
  },
  additionalProperties: true,
};
