/**
 * Turns a valid merged document (file format) into the `Config` the agent
 * works with: plugin keys split, channels flattened, durations in
 * milliseconds, empty strings as unset. Runs only once the document passed
 * the schema and the cross-checks.
 */
import { join } from 'node:path';
import { parseGoDuration } from '@chatkube/api';
import { baseDefaults, type RawConfig } from './defaults.js';
import { BUNDLED_REPOSITORY, GROUP_FIELDS, parsePluginKey } from './plugin-key.js';
import { entriesOf, isEnabled, listOf, mapping, setString, stringOf, valueAt } from './read-doc.js';
import {
  type Action,
  type Alias,
  type Bindings,
  type Channel,
  type CommunicationGroup,
  type Config,
  NOT_YET_SUPPORTED,
  type PlatformName,
  type PluginEntry,
  type PluginGroup,
  type PluginManagement,
  type RbacRule,
  type RbacSubjectType,
  type Repository,
  type RestartPolicyType,
  type Settings,
  type SinkConfig,
  type WebhookAuth,
} from './types.js';

const PLATFORMS: readonly PlatformName[] = ['webchat', 'socketSlack', 'discord', 'mattermost'];
const unsupported: readonly string[] = NOT_YET_SUPPORTED;
/** The platforms chatkube runs: their channels are loaded, the others are only reported. */
const RUNNABLE = PLATFORMS.filter((platform) => !unsupported.includes(platform));

const LOG_LEVELS: Record<string, Settings['log']['level']> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn', // logrus's spelling, in Botkube files
  error: 'error',
  fatal: 'fatal',
  panic: 'fatal',
  silent: 'silent',
};

const strings = (value: unknown): string[] => listOf(value).filter((item): item is string => typeof item === 'string');

function bindingsOf(value: unknown): Bindings {
  const bindings = mapping(mapping(value).bindings);
  return { executors: strings(bindings.executors), sources: strings(bindings.sources) };
}

function communicationGroup(name: string, platforms: unknown): CommunicationGroup {
  const channels: Channel[] = [];
  for (const platform of RUNNABLE) {
    const value = mapping(platforms)[platform];
    if (!isEnabled(value)) continue;
    for (const [alias, channel] of entriesOf(mapping(value).channels)) {
      channels.push({
        platform,
        group: name,
        alias,
        name: setString(mapping(channel).name) ?? setString(mapping(channel).id) ?? alias,
        notificationsDisabled: mapping(mapping(channel).notification).disabled === true,
        bindings: bindingsOf(channel),
      });
    }
  }
  const skipped = entriesOf(platforms)
    .filter(([platform, value]) => unsupported.includes(platform) && isEnabled(value))
    .map(([platform]) => platform);
  const webhook = mapping(platforms).webhook;
  const url = setString(mapping(webhook).url);
  const sinks: SinkConfig[] =
    isEnabled(webhook) && url ? [{ kind: 'webhook', group: name, url, sources: bindingsOf(webhook).sources }] : [];
  return { name, channels, sinks, unsupported: skipped };
}

function webhookAuth(value: unknown): WebhookAuth | undefined {
  const auth: WebhookAuth = {};
  for (const key of ['bearerToken', 'hmacSecret', 'hmacHeader'] as const) {
    const set = setString(mapping(value)[key]);
    if (set !== undefined) auth[key] = set;
  }
  return Object.keys(auth).length === 0 ? undefined : auth;
}

const subjectType = (value: unknown): RbacSubjectType => (value === 'Static' || value === 'ChannelName' ? value : '');

/** An entry's `context.rbac` with every field present; none when the entry has no rbac. */
function contextOf(context: unknown): { context?: { rbac: RbacRule } } {
  const rbac = mapping(context).rbac;
  if (rbac === undefined || rbac === null) return {};
  const user = mapping(mapping(rbac).user);
  const group = mapping(mapping(rbac).group);
  return {
    context: {
      rbac: {
        user: {
          type: subjectType(user.type),
          static: { value: stringOf(mapping(user.static).value) ?? '' },
          prefix: stringOf(user.prefix) ?? '',
        },
        group: {
          type: subjectType(group.type),
          static: { values: strings(mapping(group.static).values) },
          prefix: stringOf(group.prefix) ?? '',
        },
      },
    },
  };
}

function pluginGroups(value: unknown, fields: ReadonlySet<string>): PluginGroup[] {
  return entriesOf(value).map(([name, group]) => {
    const plugins: PluginEntry[] = [];
    for (const [key, entry] of entriesOf(group)) {
      const ref = fields.has(key) ? undefined : parsePluginKey(key);
      if (ref === undefined) continue;
      const { config, context, runtime } = mapping(entry);
      const env = strings(mapping(entry).env);
      plugins.push({
        ...ref,
        enabled: mapping(entry).enabled === true,
        ...(runtime === 'process' || runtime === 'worker' ? { runtime } : {}),
        ...(env.length > 0 ? { env } : {}),
        ...(config === undefined || config === null ? {} : { config }),
        ...contextOf(context),
      });
    }
    const displayName = setString(mapping(group).displayName);
    const webhook = fields.has('webhook') ? webhookAuth(mapping(group).webhook) : undefined;
    return {
      name,
      plugins,
      ...(displayName === undefined ? {} : { displayName }),
      ...(webhook === undefined ? {} : { webhook }),
    };
  });
}

function actions(value: unknown): Action[] {
  return entriesOf(value).map(([name, action]) => ({
    name,
    enabled: isEnabled(action),
    displayName: setString(mapping(action).displayName) ?? name,
    command: stringOf(mapping(action).command) ?? '',
    bindings: bindingsOf(action),
  }));
}

function aliases(value: unknown): Alias[] {
  return entriesOf(value).map(([name, alias]) => {
    const displayName = setString(mapping(alias).displayName);
    return { name, command: stringOf(mapping(alias).command) ?? '', ...(displayName === undefined ? {} : { displayName }) };
  });
}

/** Reads a value, falling back on the base default (the defaults lie under every document, this is for the types). */
function reader(raw: RawConfig) {
  const base = baseDefaults();
  const read = (path: string[]) => valueAt(raw, path) ?? valueAt(base, path);
  return {
    string: (path: string[]) => String(read(path) ?? ''),
    number: (path: string[]) => Number(read(path) ?? 0),
    boolean: (path: string[]) => read(path) === true,
    ms: (path: string[]) => parseGoDuration(String(read(path))) ?? parseGoDuration(String(valueAt(base, path))) ?? 0,
  };
}

function settings(raw: RawConfig): Settings {
  const read = reader(raw);
  const authToken = setString(valueAt(raw, ['settings', 'webchat', 'authToken']));
  const kubeconfig = setString(valueAt(raw, ['settings', 'kubeconfig']));
  const serviceAccountDir = setString(valueAt(raw, ['settings', 'saCredentialsPathPrefix']));
  return {
    clusterName: read.string(['settings', 'clusterName']),
    stateDir: read.string(['settings', 'stateDir']),
    log: {
      level: LOG_LEVELS[read.string(['settings', 'log', 'level'])] ?? 'info',
      format: read.string(['settings', 'log', 'format']) === 'text' ? 'text' : 'json',
    },
    server: { host: read.string(['settings', 'server', 'host']), port: read.number(['settings', 'server', 'port']) },
    webchat: authToken === undefined ? {} : { authToken },
    commandTimeoutMs: read.ms(['settings', 'commandTimeout']),
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(serviceAccountDir === undefined ? {} : { serviceAccountDir }),
  };
}

function pluginManagement(raw: RawConfig, stateDir: string): PluginManagement {
  const read = reader(raw);
  const repositories: Record<string, Repository> = {};
  for (const [name, repository] of entriesOf(valueAt(raw, ['plugins', 'repositories']))) {
    if (name === BUNDLED_REPOSITORY) continue;
    const headers: Record<string, string> = {};
    for (const [header, value] of entriesOf(mapping(repository).headers)) headers[header] = String(value ?? '');
    repositories[name] = { url: stringOf(mapping(repository).url) ?? '', headers };
  }
  return {
    cacheDir: setString(valueAt(raw, ['plugins', 'cacheDir'])) ?? join(stateDir, 'plugins'),
    repositories,
    incomingWebhook: {
      enabled: read.boolean(['plugins', 'incomingWebhook', 'enabled']),
      inClusterBaseURL: read.string(['plugins', 'incomingWebhook', 'inClusterBaseURL']),
    },
    restartPolicy: {
      type: read.string(['plugins', 'restartPolicy', 'type']) as RestartPolicyType,
      threshold: read.number(['plugins', 'restartPolicy', 'threshold']),
    },
    healthCheckIntervalMs: read.ms(['plugins', 'healthCheckInterval']),
  };
}

/** The agent's configuration from a merged, valid document; `raw` is kept as it is. */
export function normaliseConfig(raw: RawConfig): Config {
  const loadedSettings = settings(raw);
  return {
    communications: entriesOf(raw.communications).map(([name, group]) => communicationGroup(name, group)),
    executors: pluginGroups(raw.executors, GROUP_FIELDS.executors),
    sources: pluginGroups(raw.sources, GROUP_FIELDS.sources),
    actions: actions(raw.actions),
    aliases: aliases(raw.aliases),
    settings: loadedSettings,
    plugins: pluginManagement(raw, loadedSettings.stateDir),
    raw,
  };
}
