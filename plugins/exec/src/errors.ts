import { ChatkubeError } from '@chatkube/api';

/** A command exec does not run: an undeclared tool, an argument no pattern allows; the message says which. */
export class ExecRefusedError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_EXEC_REFUSED', message);
  }
}

/** An exec config that is not valid; the message names the tool and key. */
export class ExecConfigError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_CONFIG', message);
  }
}

/** A tool could not be downloaded or cached: HTTP status, network, an archive, the cache folder. */
export class ToolDownloadError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_EXEC_DOWNLOAD', message, options);
  }
}

/** A downloaded tool whose SHA-256 is not the declared one; the file is removed. */
export class ToolChecksumError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_EXEC_CHECKSUM', message);
  }
}

/** A tool that ran and failed; the message is what it wrote to stderr. */
export class ToolFailedError extends ChatkubeError {
  readonly exitCode: number | null;

  constructor(message: string, exitCode: number | null) {
    super('CHATKUBE_ERR_EXEC_FAILED', message);
    this.exitCode = exitCode;
  }
}
