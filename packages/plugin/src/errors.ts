import { ChatkubeError } from '@chatkube/api';

/** The plugin was started by something other than a go-plugin host. */
export class NotStartedByHostError extends ChatkubeError {
  constructor() {
    super(
      'CHATKUBE_ERR_NOT_STARTED_BY_HOST',
      'This binary is a plugin. These are not meant to be executed directly.\n' +
        'Please execute the program that consumes these plugins, which will\n' +
        'load any plugins automatically',
    );
  }
}

/** A plugin config block that is not valid YAML. */
export class ConfigYamlError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_CONFIG', message, options);
  }
}

/** `runCommand` could not start the program. */
export class CommandNotFoundError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_COMMAND_NOT_FOUND', message, options);
  }
}

/** `runCommand` stopped a program that ran past its timeout. */
export class CommandTimeoutError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_COMMAND_TIMEOUT', message);
  }
}

/** A worker module's plugin is not a plugin object (an `ExecutorPlugin` or a `SourcePlugin`). */
export class PluginObjectError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_OBJECT', message);
  }
}

/** `splitCommandWords` met text it does not split: an unclosed quote, a dangling backslash, a newline or NUL. */
export class CommandWordsError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_COMMAND_SYNTAX', message);
  }
}

/** A folder a plugin keeps its files in is not a folder, or others may write to it. */
export class FolderNotPrivateError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_FOLDER_NOT_PRIVATE', message, options);
  }
}
