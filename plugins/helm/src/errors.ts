import { ChatkubeError } from '@chatkube/api';

/** A helm command the plugin does not run: an unknown subcommand, a refused flag; the message says which. */
export class HelmCommandRefusedError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_HELM_REFUSED', message);
  }
}

/** The helm binary is in neither the plugin's dependency folder nor PATH. */
export class HelmNotInstalledError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_HELM_NOT_INSTALLED', message, options);
  }
}

/** helm ran and failed; the message is what helm wrote to stderr. */
export class HelmFailedError extends ChatkubeError {
  readonly exitCode: number | null;

  constructor(message: string, exitCode: number | null) {
    super('CHATKUBE_ERR_HELM_FAILED', message);
    this.exitCode = exitCode;
  }
}

/** A helm plugin config value that is not valid; the message names the key. */
export class HelmConfigError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_PLUGIN_CONFIG', message);
  }
}
