/**
 * The contracts a plugin implements. `@chatkube/plugin` serves them over
 * Botkube's gRPC protocol; the agent calls them through the same shapes.
 */
import type { Event } from './event.js';
import type { Message } from './message.js';

/** A JSON schema, inline or by reference. */
export interface JsonSchema {
  /** The schema itself, as an object or JSON text. */
  value?: string | object;
  refURL?: string;
}

/** A binary a plugin needs, by `"{os}/{arch}"` (for example `linux/amd64`). */
export interface Dependency {
  urls: Record<string, string>;
}

/** What a plugin says about itself. */
export interface PluginMetadata {
  /** SemVer. */
  version: string;
  description: string;
  /** The schema of the plugin's config. */
  jsonSchema?: JsonSchema;
  dependencies?: Record<string, Dependency>;
  documentationURL?: string;
  recommended?: boolean;
}

/** Who typed a command, and where. */
export interface MessageContext {
  text: string;
  url: string;
  parentActivityId: string;
  user: { mention: string; displayName: string };
}

export interface ExecuteContext {
  /** Whether the platform shows buttons, selects and inputs. */
  isInteractivitySupported: boolean;
  /** Slack's block action state, parsed; absent elsewhere. */
  slackState?: unknown;
  /** A kubeconfig for this call, when RBAC is configured. */
  kubeConfig?: Uint8Array;
  message?: MessageContext;
  /** Where the agent receives incoming webhooks: `{baseSourceURL}/{source}`. */
  incomingWebhook: { baseSourceURL: string };
}

export interface ExecuteInput {
  /** The command as typed, aliases expanded and agent flags stripped. */
  command: string;
  /** The configs of all bound executor groups, parsed, in binding order: see `mergeConfigs`. */
  configs: readonly unknown[];
  context: ExecuteContext;
}

/** An answer: one message, and up to 15 more that platforms show after it. */
export interface ExecuteOutput {
  message: Message;
  messages?: Message[];
}

/**
 * The answer of `execute`: one output, or an async iterable of updates for
 * streamed output, where each update replaces the previous one and the last
 * is the final answer.
 */
export type ExecuteResult = ExecuteOutput | Promise<ExecuteOutput> | AsyncIterable<ExecuteOutput>;

/** An executor plugin: runs a command typed in chat. */
export interface ExecutorPlugin {
  metadata: PluginMetadata;
  /** Help shown by the agent's `help` command. */
  help?(): Message | Promise<Message>;
  /**
   * Runs one command. Throwing answers the caller with the error's message.
   * `signal` aborts when the caller gives up or the plugin is stopped.
   */
  execute(input: ExecuteInput, signal: AbortSignal): ExecuteResult;
}

export interface SourceContext {
  isInteractivitySupported: boolean;
  clusterName: string;
  /** The `sources.<name>` group key. */
  sourceName: string;
  incomingWebhook: { baseURL: string; fullURLForSource: string };
}

export interface StreamInput {
  /** The source group's config, parsed: see `mergeConfigs`. */
  configs: readonly unknown[];
  context: SourceContext & { kubeConfig?: Uint8Array };
}

export interface ExternalRequestInput {
  /** The HTTP body as received. */
  payload: Uint8Array;
  config: unknown;
  context: SourceContext;
}

/** Metadata of a source, with the schema of its incoming webhook body. */
export interface SourceMetadata extends PluginMetadata {
  externalRequest?: { payload: { jsonSchema?: JsonSchema } };
}

/** A source plugin: streams events and/or turns incoming webhooks into events. */
export interface SourcePlugin {
  metadata: SourceMetadata;
  /** Events until `signal` aborts, or until the iterable ends. */
  stream?(input: StreamInput, signal: AbortSignal): AsyncIterable<Event>;
  handleExternalRequest?(input: ExternalRequestInput): Event | Promise<Event>;
}
