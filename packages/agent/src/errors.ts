/**
 * The agent's error codes. Each message says what went wrong and, where
 * there is one, what to do about it.
 */
import { ChatkubeError } from '@chatkube/api';

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
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_EXITED', message);
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
