/**
 * The configuration FILE format as a JSON Schema (draft-07): Botkube's keys
 * and chatkube's additions. `expected` (an annotation of ours) says in words
 * what a value should be, for messages such as "expected a list of group
 * names, got a string". Keys of Botkube's that chatkube does not use are
 * typed loosely so that a Botkube file loads; a key the schema does not know
 * is reported as a warning, never refused.
 */
import { GO_DURATION_EXPECTED } from '@chatkube/api';

type Schema = Record<string, unknown>;

const bool = (expected = 'true or false'): Schema => ({ type: 'boolean', expected });
const text = (expected: string): Schema => ({ type: 'string', expected });
const duration: Schema = { type: 'string', expected: GO_DURATION_EXPECTED };
/** Any mapping: Botkube keys kept as written and not used by chatkube. */
const looseMap = (expected = 'a mapping'): Schema => ({ type: 'object', expected });
/** A mapping of names to `item`; empty (`key:` with nothing after it) counts as no entries. */
const mapOf = (item: Schema, expected: string): Schema => ({ type: ['object', 'null'], expected, additionalProperties: item });
const strict = (properties: Record<string, Schema>, expected: string, required?: string[]): Schema => ({
  type: 'object',
  expected,
  properties,
  additionalProperties: false,
  ...(required === undefined ? {} : { required }),
});
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

const groupNames = (kind: string): Schema => ({
  type: 'array',
  expected: `a list of ${kind} group names`,
  items: { type: 'string', expected: `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} group name` },
});
const port: Schema = {
  type: 'integer',
  minimum: 0,
  maximum: 65535,
  expected: 'a port number from 0 to 65535 (0: any free port)',
};
const loosePort: Schema = { type: ['string', 'integer'], expected: 'a port number' };

const channelBindings = strict(
  { executors: groupNames('executor'), sources: groupNames('source') },
  'bindings {executors, sources}',
);
const sinkBindings = strict({ sources: groupNames('source') }, 'bindings {sources}');
const notification = strict({ disabled: bool() }, 'notification {disabled}');

const channelByName = (extra: Record<string, Schema> = {}): Schema =>
  strict(
    {
      name: text('the channel name'),
      notification,
      bindings: channelBindings,
      messageTriggers: { type: 'array', expected: 'a list of message triggers', items: looseMap('a message trigger') },
      ...extra,
    },
    'a channel {name, notification, bindings}',
  );
const channelById = strict(
  { id: text('the channel id'), notification, bindings: channelBindings },
  'a channel {id, notification, bindings}',
);
const channels = (channel: Schema): Schema => mapOf(channel, 'a mapping of channel aliases to channels');

const communicationGroup = strict(
  {
    webchat: strict({ enabled: bool(), channels: channels(channelByName()) }, 'the web chat {enabled, channels}'),
    socketSlack: strict(
      {
        enabled: bool(),
        botToken: text('a Slack bot token (xoxb-…)'),
        appToken: text('a Slack app token (xapp-…)'),
        channels: channels(channelByName()),
      },
      'Socket Slack {enabled, botToken, appToken, channels}',
    ),
    cloudSlack: strict(
      {
        enabled: bool(),
        token: text('a token'),
        botID: text('a bot id'),
        server: looseMap(),
        executionEventStreamingDisabled: bool(),
        channels: channels(channelByName({ channelID: text('a channel id'), alias: text('a channel alias') })),
      },
      'Cloud Slack {enabled, token, botID, server, channels}',
    ),
    mattermost: strict(
      {
        enabled: bool(),
        botName: text('the bot user name'),
        url: text('the Mattermost URL'),
        token: text('a personal access token'),
        team: text('the team name'),
        channels: channels(channelByName()),
      },
      'Mattermost {enabled, botName, url, token, team, channels}',
    ),
    discord: strict(
      { enabled: bool(), token: text('a bot token'), botID: text('the bot id'), channels: channels(channelById) },
      'Discord {enabled, token, botID, channels}',
    ),
    cloudTeams: strict(
      {
        enabled: bool(),
        botName: text('the bot name'),
        server: looseMap(),
        teams: {
          type: 'array',
          expected: 'a list of teams',
          items: strict({ id: text('a team id'), channels: channels(channelById) }, 'a team {id, channels}'),
        },
      },
      'Cloud Teams {enabled, botName, server, teams}',
    ),
    webhook: strict({ enabled: bool(), url: text('a URL'), bindings: sinkBindings }, 'a webhook sink {enabled, url, bindings}'),
    elasticsearch: strict(
      {
        enabled: bool(),
        username: text('a user name'),
        password: text('a password'),
        server: text('the server URL'),
        skipTLSVerify: bool(),
        awsSigning: strict(
          { enabled: bool(), awsRegion: text('an AWS region'), roleArn: text('a role ARN') },
          'awsSigning {enabled, awsRegion, roleArn}',
        ),
        logLevel: { type: 'string', enum: ['', 'info', 'error', 'trace'], expected: 'a log level' },
        indices: mapOf(
          strict(
            {
              name: text('the index name'),
              type: text('the document type'),
              shards: { type: 'integer', expected: 'a number of shards' },
              replicas: { type: 'integer', expected: 'a number of replicas' },
              bindings: sinkBindings,
            },
            'an index {name, type, shards, replicas, bindings}',
          ),
          'a mapping of index aliases to indices',
        ),
      },
      'an Elasticsearch sink',
    ),
    pagerDuty: strict(
      { enabled: bool(), integrationKey: text('an integration key'), bindings: sinkBindings, V2EventsAPIBasePath: text('a URL') },
      'a PagerDuty sink {enabled, integrationKey, bindings}',
    ),
  },
  'a communications group: a mapping of platforms (webchat, socketSlack, discord, …)',
);

const subjectType: Schema = {
  type: 'string',
  enum: ['Static', 'ChannelName', ''],
  expected: 'Static, ChannelName or empty (no subject)',
};
/** Botkube's `context.rbac`: whom the kubeconfig generated for each call impersonates. */
const rbac = strict(
  {
    user: strict(
      {
        type: subjectType,
        static: strict({ value: text('a user name') }, 'static {value}'),
        prefix: text('a prefix for the user name'),
      },
      'an RBAC user {type, static: {value}, prefix}',
    ),
    group: strict(
      {
        type: subjectType,
        static: strict(
          { values: { type: 'array', items: text('a group name'), expected: 'a list of group names' } },
          'static {values}',
        ),
        prefix: text('a prefix for the group names'),
      },
      'an RBAC group {type, static: {values}, prefix}',
    ),
  },
  'RBAC {user, group}',
);

const pluginEntry = strict(
  {
    enabled: bool(),
    displayName: text('a display name'),
    config: { expected: "the plugin's config" },
    context: strict({ rbac }, 'a plugin context {rbac}'),
    // chatkube's additions: how the plugin runs, and what of the agent's environment it gets.
    runtime: { type: 'string', enum: ['process', 'worker'], expected: 'process or worker' },
    env: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', expected: 'an environment variable name' },
      expected: 'a list of environment variable names the plugin may see',
    },
  },
  'a plugin entry {enabled, config, context, runtime, env}',
);

const pluginGroup = (extra: Record<string, Schema>, expected: string): Schema => ({
  type: 'object',
  expected,
  properties: { displayName: text('a display name'), ...extra },
  additionalProperties: ref('pluginEntry'),
});

const webhookAuth = strict(
  {
    bearerToken: text('a bearer token'),
    hmacSecret: text('an HMAC secret'),
    hmacHeader: text('a header name, such as X-Hub-Signature-256'),
  },
  'webhook credentials {bearerToken, hmacSecret, hmacHeader}',
);

const settings = strict(
  {
    clusterName: text('a cluster name'),
    stateDir: { type: 'string', minLength: 1, expected: 'a directory path' },
    log: strict(
      {
        level: {
          type: 'string',
          enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic', 'silent'],
          expected: 'a log level',
        },
        format: { type: 'string', enum: ['json', 'text'], expected: 'json or text' },
        formatter: { type: 'string', enum: ['json', 'text'], expected: 'json or text' },
        disableColors: bool(),
      },
      'log {level, format}',
    ),
    server: strict(
      { host: { type: 'string', minLength: 1, expected: 'a host name or IP address' }, port },
      'server {host, port}',
    ),
    webchat: strict({ authToken: text('a token') }, 'webchat {authToken}'),
    commandTimeout: duration,
    // Botkube's: the credentials RBAC kubeconfigs are generated from.
    kubeconfig: text("the path of the agent's kubeconfig file"),
    saCredentialsPathPrefix: text("the directory of the agent's service account token and ca.crt"),
    // Botkube's, accepted and not used.
    upgradeNotifier: bool(),
    systemConfigMap: looseMap(),
    persistentConfig: looseMap(),
    metricsPort: loosePort,
    healthPort: loosePort,
    informersResyncPeriod: duration,
  },
  'a mapping of settings (clusterName, server, log, …)',
);

const repository = strict(
  {
    url: { type: 'string', minLength: 1, expected: 'the URL of a plugin index' },
    headers: mapOf(text('a header value'), 'a mapping of header names to values'),
  },
  'a repository {url, headers}',
  ['url'],
);

const plugins = strict(
  {
    cacheDir: { type: 'string', minLength: 1, expected: 'a directory path' },
    repositories: mapOf(repository, 'a mapping of repository names to {url, headers}'),
    incomingWebhook: strict(
      { enabled: bool(), inClusterBaseURL: text('a URL'), port: loosePort, targetPort: loosePort },
      'incomingWebhook {enabled, inClusterBaseURL}',
    ),
    restartPolicy: strict(
      {
        type: { type: 'string', enum: ['DeactivatePlugin', 'RestartAgent'], expected: 'a restart policy' },
        threshold: { type: 'integer', minimum: 0, expected: 'a number of restarts (0 or more)' },
      },
      'restartPolicy {type, threshold}',
    ),
    healthCheckInterval: duration,
  },
  'a mapping of plugin settings (repositories, restartPolicy, …)',
);

/** The JSON Schema of a configuration file. */
export const CONFIG_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://chatkube.dev/schema/config.json',
  definitions: { pluginEntry },
  type: 'object',
  expected: 'a mapping of top-level keys',
  properties: {
    communications: mapOf(communicationGroup, 'a mapping of communications group names to groups'),
    executors: mapOf(
      pluginGroup({}, 'an executor group {displayName, <repo>/<plugin>: …}'),
      'a mapping of executor group names to groups',
    ),
    sources: mapOf(
      pluginGroup({ webhook: webhookAuth }, 'a source group {displayName, webhook, <repo>/<plugin>: …}'),
      'a mapping of source group names to groups',
    ),
    actions: mapOf(
      strict(
        { enabled: bool(), displayName: text('a display name'), command: text('a command template'), bindings: channelBindings },
        'an action {enabled, displayName, command, bindings}',
      ),
      'a mapping of action names to actions',
    ),
    aliases: mapOf(
      strict(
        {
          command: { type: 'string', minLength: 1, expected: 'the command the alias stands for, such as kubectl' },
          displayName: text('a display name'),
        },
        'an alias {command, displayName}',
        ['command'],
      ),
      'a mapping of alias names to aliases',
    ),
    settings,
    plugins,
    // Botkube's, accepted and not used.
    analytics: looseMap(),
    configWatcher: looseMap(),
  },
  additionalProperties: false,
};

/** Keys Botkube no longer has, with what to say when a file still holds one. */
export const REMOVED_KEYS: Record<string, string> = {
  slack: 'the legacy Slack (RTM) platform was removed in Botkube v1.9; use socketSlack',
  teams: 'the Bot Framework Teams platform was removed in Botkube v1.9',
  lifecycleServer: 'settings.lifecycleServer was removed in Botkube v1.9; ignored',
};
