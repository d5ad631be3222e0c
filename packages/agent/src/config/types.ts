/**
 * The agent's configuration once loaded: Botkube's model (communications
 * groups with channels and bindings, executor and source groups of plugin
 * entries, actions, aliases, settings, plugins) normalised into the shapes
 * the agent works with. The file format stays Botkube's; `load.ts` turns a
 * file's `executors.<group>.<repo/name>` entries into `PluginGroup.plugins`,
 * its `channels.<alias>` into `Channel`s, and durations into milliseconds.
 */

/** The chat platforms and sinks a communications group may hold. */
export type PlatformName = 'webchat' | 'socketSlack' | 'discord' | 'mattermost';
export type SinkName = 'webhook' | 'elasticsearch';

/** Platforms and sinks of Botkube's that chatkube reads but does not run yet. */
export const NOT_YET_SUPPORTED = [
  'socketSlack',
  'discord',
  'mattermost',
  'elasticsearch',
  'cloudSlack',
  'cloudTeams',
  'pagerDuty',
] as const;

/** A plugin key `{repo}/{name}[@{version}]`, split. */
export interface PluginRef {
  /** The key as written, for example `chatkube/echo@1.0.0`. */
  key: string;
  /** A key of `plugins.repositories`, or `chatkube` for the bundled plugins. */
  repo: string;
  /** What commands are routed by: the first word of a command. */
  name: string;
  version?: string;
  /** How it runs, as its entries say; absent: the default (`worker` where the plugin has a worker module). */
  runtime?: PluginRuntime;
  /**
   * Variables of the agent's environment the plugin gets, beyond its minimal
   * one (`env` of its entries, all of them together). Nothing else leaks to it.
   */
  env?: string[];
  /**
   * Set when an entry of the key has RBAC (`context.rbac`): the plugin then
   * reaches the cluster only through the kubeconfig of each call, and never
   * gets the agent's own (KUBECONFIG, the in-cluster service host).
   */
  impersonated?: boolean;
}

/** How a plugin runs: a go-plugin process (any language), or a worker thread of the agent (TypeScript plugins). */
export type PluginRuntime = 'process' | 'worker';

export interface PluginEntry extends PluginRef {
  enabled: boolean;
  /** The plugin's `config`, as parsed from YAML; sent to the plugin re-encoded as YAML. */
  config?: unknown;
  /** Botkube's `context`: the RBAC of the kubeconfig generated for each call of the plugin. */
  context?: { rbac?: RbacRule };
}

/** Who an RBAC subject is: a fixed name, the channel's name (with a prefix), or nobody. */
export type RbacSubjectType = 'Static' | 'ChannelName' | '';

/**
 * Botkube's `context.rbac` of a plugin entry: the user and groups the
 * generated kubeconfig impersonates. Both types empty: no kubeconfig.
 */
export interface RbacRule {
  user: { type: RbacSubjectType; static: { value: string }; prefix: string };
  group: { type: RbacSubjectType; static: { values: string[] }; prefix: string };
}

/** An `executors.<name>` or `sources.<name>` group. */
export interface PluginGroup {
  name: string;
  displayName?: string;
  plugins: PluginEntry[];
  /** Sources only: who may post to `/sources/v1/{name}` (chatkube's addition). */
  webhook?: WebhookAuth;
}

/**
 * An incoming webhook's credentials. Without one the webhook answers 401:
 * Botkube's was open to anyone who could reach it.
 */
export interface WebhookAuth {
  /** Callers send `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Callers sign the body: HMAC-SHA256 in hex, optionally prefixed `sha256=`. */
  hmacSecret?: string;
  /** The header holding the signature; default `X-Hub-Signature-256`, as GitHub sends it. */
  hmacHeader?: string;
}

export interface Bindings {
  /** Executor group names, in binding order (their configs are sent in this order). */
  executors: string[];
  /** Source group names. */
  sources: string[];
}

/** A channel of a bidirectional platform. */
export interface Channel {
  platform: PlatformName;
  /** The communications group it belongs to. */
  group: string;
  /** The key under `channels:` in the file. */
  alias: string;
  /** The platform's channel name (or id, on Discord). */
  name: string;
  notificationsDisabled: boolean;
  bindings: Bindings;
}

export interface Action {
  name: string;
  enabled: boolean;
  displayName: string;
  /** A Go template rendered with `{ .Event }`. */
  command: string;
  bindings: Bindings;
}

export interface Alias {
  name: string;
  command: string;
  displayName?: string;
}

export type RestartPolicyType = 'DeactivatePlugin' | 'RestartAgent';

export interface Repository {
  url: string;
  headers: Record<string, string>;
}

export interface PluginManagement {
  cacheDir: string;
  repositories: Record<string, Repository>;
  incomingWebhook: { enabled: boolean; inClusterBaseURL: string };
  restartPolicy: { type: RestartPolicyType; threshold: number };
  healthCheckIntervalMs: number;
}

export interface Settings {
  clusterName: string;
  /** Where runtime state and the audit log are kept. */
  stateDir: string;
  log: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'; format: 'json' | 'text' };
  /** The one HTTP server: web chat, API, webhooks, health, metrics. */
  server: { host: string; port: number };
  webchat: { authToken?: string };
  /** How long a command may run before it is cancelled. */
  commandTimeoutMs: number;
  /**
   * The kubeconfig file of the agent's own credentials, from which RBAC
   * kubeconfigs are generated, and the KUBECONFIG of plugins without RBAC;
   * absent: KUBECONFIG, then in-cluster.
   */
  kubeconfig?: string;
  /** The service account directory (token, ca.crt) in a cluster; Botkube's `saCredentialsPathPrefix`. */
  serviceAccountDir?: string;
}

/**
 * A webhook sink: each event of its bound sources (their non-interactive
 * streams, as Botkube does) is POSTed to `url` as JSON
 * `{"source", "data": <raw object>, "timeStamp"}`.
 */
export interface WebhookSinkConfig {
  kind: 'webhook';
  /** The communications group it belongs to. */
  group: string;
  url: string;
  /** Source group names. */
  sources: string[];
}

export type SinkConfig = WebhookSinkConfig;

/** A communications group as loaded. Channels of every platform are flattened into `channels`. */
export interface CommunicationGroup {
  name: string;
  channels: Channel[];
  /** Its enabled sinks. */
  sinks: SinkConfig[];
  /** Platforms of the group that are enabled but not supported yet (reported, skipped). */
  unsupported: string[];
}

export interface Config {
  communications: CommunicationGroup[];
  executors: PluginGroup[];
  sources: PluginGroup[];
  actions: Action[];
  aliases: Alias[];
  settings: Settings;
  plugins: PluginManagement;
  /** The merged document as read, for `show config` (redacted before it is shown). */
  raw: Record<string, unknown>;
}
