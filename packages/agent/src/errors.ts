/**
 * The agent's error codes. Each message says what went wrong and, where
 * there is one, what to do about it.
 */
import { ChatkubeError } from '@chatkube/api';
import type { ConfigProblem } from './config/problems.js';

/** The plugin executable could not be started at all. */
export class PluginStartError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_START', message, options);
  }
}

/** The plugin did not complete go-plugin's handshake. */
export class PluginHandshakeError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_HANDSHAKE', message, options);
  }
}

/** The plugin speaks another app protocol version. */
export class PluginProtocolVersionError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_PROTOCOL_VERSION', message);
  }
}

/** The plugin process exited: before its handshake, or while in use. */
export class PluginExitedError extends ChatkubeError {
  /** What happened in a few words (`plugin x exited with code 1`), without the plugin's last output. */
  readonly summary: string;

  constructor(message: string, summary?: string) {
    super('CHATKUBE_ERR_PLUGIN_EXITED', message);
    this.summary = summary ?? message;
  }
}

/** The plugin answered a call with an error; `message` is its text. */
export class PluginCallError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_CALL', message, options);
  }
}

/** The plugin answered with something that is not a valid answer. */
export class PluginResponseError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_RESPONSE', message, options);
  }
}

/** The plugin did not answer in time. */
export class PluginTimeoutError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_TIMEOUT', message);
  }
}

/** The plugin does not offer what was asked (a source that does not stream, …). */
export class PluginUnimplementedError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_UNIMPLEMENTED', message);
  }
}

/** The command line is wrong; the message says how. */
export class UsageError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_USAGE', message);
  }
}

/** A plugin is deactivated: it failed more often than the restart policy allows. */
export class PluginDeactivatedError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_DEACTIVATED', message);
  }
}

/** A plugin key names a plugin that cannot be found or fetched. */
export class PluginNotFoundError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_NOT_FOUND', message);
  }
}

/** An incoming webhook request that cannot be served; `status` is the HTTP answer. */
export class WebhookRequestError extends ChatkubeError {
  constructor(
    readonly status: 400 | 401 | 404 | 413 | 500,
    message: string,
  ) {
    super('CHATKUBE_ERR_WEBHOOK_REQUEST', message);
  }
}

/** A chat command longer than the agent accepts; nothing of it was run. */
export class CommandTooLongError extends ChatkubeError {
  /** The command's length in UTF-8 bytes. */
  readonly length: number;
  /** The most the agent accepts, in UTF-8 bytes. */
  readonly limit: number;

  constructor(length: number, limit: number) {
    super(
      'CHATKUBE_ERR_COMMAND_TOO_LONG',
      `the command is ${length} bytes long and chatkube accepts at most ${limit}: shorten it, or split it into several commands`,
    );
    this.length = length;
    this.limit = limit;
  }
}

/** A reserved flag (`--cluster-name`, `--filter`, …) used wrongly; the message names it. */
export class CommandFlagError extends ChatkubeError {
  /** The flag as written, such as `--filter`. */
  readonly flag: string;

  constructor(flag: string, message: string) {
    super('CHATKUBE_ERR_COMMAND_FLAG', message);
    this.flag = flag;
  }
}

/** A chat command that cannot be split into words (an unclosed quote, …). */
export class CommandSyntaxError extends ChatkubeError {
  /** 1-based line of the command where the problem is. */
  readonly line: number;
  /** 1-based column (in Unicode characters) within that line. */
  readonly column: number;

  constructor(message: string, position: { line: number; column: number }) {
    super('CHATKUBE_ERR_COMMAND_SYNTAX', message);
    this.line = position.line;
    this.column = position.column;
  }
}

/** The runtime state file cannot be read, is not JSON, or does not have the state's shape. */
export class StateFileError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_STATE_FILE', message, options);
  }
}

/** The state dir cannot be created or used (a file in its place, no permission, …). */
export class StateDirError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_STATE_DIR', message, options);
  }
}

/** Another live agent (or another store in this process) holds the state dir's lock. */
export class StateLockedError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_STATE_LOCKED', message);
  }
}

/** The state store was used before `load()` or after `close()`. */
export class StateNotOpenError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_STATE_NOT_OPEN', message);
  }
}

/** An update would leave the runtime state without its shape; nothing was written. */
export class StateInvalidError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_STATE_INVALID', message);
  }
}

/** Writing the runtime state failed; the change was not applied. */
export class StateWriteError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_STATE_WRITE', message, options);
  }
}

/** An audit log file holds a line that is not an audit entry (other than a torn last line). */
export class AuditFileError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_AUDIT_FILE', message, options);
  }
}

/** Writing audit entries failed; they are not in the log. */
export class AuditWriteError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_AUDIT_WRITE', message, options);
  }
}

/** Too many audit entries wait for the disk; this one was refused, not queued. */
export class AuditQueueFullError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_AUDIT_QUEUE_FULL', message);
  }
}

/** The audit log was used after `close()`. */
export class AuditClosedError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_AUDIT_CLOSED', message);
  }
}

/** The configuration cannot be used; `problems` lists everything wrong with it, warnings included. */
export class ConfigInvalidError extends ChatkubeError {
  readonly problems: readonly ConfigProblem[];

  constructor(message: string, problems: readonly ConfigProblem[]) {
    super('CHATKUBE_ERR_CONFIG_INVALID', message);
    this.problems = problems;
  }
}

/** A plugin repository's index cannot be fetched or is not an index at all (bad entries are reported, not thrown). */
export class PluginIndexError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_INDEX', message, options);
  }
}

/** A plugin file could not be downloaded (HTTP status, network, size); `retryable` says whether trying again may help. */
export class PluginDownloadError extends ChatkubeError {
  readonly retryable: boolean;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(message: string, details: { retryable: boolean; status?: number }, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_DOWNLOAD', message, options);
    this.retryable = details.retryable;
    this.status = details.status;
  }
}

/** A downloaded plugin file does not have the checksum its index gives; it was removed. */
export class PluginChecksumError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_CHECKSUM', message);
  }
}

/** A downloaded plugin archive cannot be unpacked, or holds no executable where one was expected. */
export class PluginArchiveError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_ARCHIVE', message, options);
  }
}

/** `chatkube plugins index build` cannot build an index from the folder; the message lists every problem. */
export class PluginIndexBuildError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_INDEX_BUILD', message, options);
  }
}

/** A plugin's `config` does not match the JSON schema of its Metadata; the message names every path. */
export class PluginConfigInvalidError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_CONFIG_INVALID', message);
  }
}

/** The agent's own Kubernetes credentials (settings.kubeconfig, KUBECONFIG, in-cluster) cannot be read to generate an RBAC kubeconfig. */
export class KubeCredentialsError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_KUBE_CREDENTIALS', message, options);
  }
}

/** An RBAC rule maps a subject from the channel name, and the command or stream has no channel. */
export class RbacNoChannelError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_RBAC_NO_CHANNEL', message);
  }
}
