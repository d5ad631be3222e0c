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

/** A Go template that does not parse; the message names the template, line and column. */
export class TemplateSyntaxError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_TEMPLATE_SYNTAX', message, options);
  }
}

/** A Go template that failed while rendering; the message names the template, position and what failed. */
export class TemplateExecError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_TEMPLATE_EXEC', message, options);
  }
}
