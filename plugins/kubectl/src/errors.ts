/**
 * The kubectl executor's errors. Each is answered to the user as text (the
 * plugin catches them), so each message says what is wrong and what to do.
 */
import { ChatkubeError } from '@chatkube/api';

/** A command the plugin will not run: a forbidden flag or verb, a resource not allowed. */
export class KubectlRefusedError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_KUBECTL_REFUSED', message);
  }
}

/** The kubectl binary is in neither PLUGIN_DEPENDENCY_DIR nor PATH. */
export class KubectlMissingError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_KUBECTL_MISSING', message, options);
  }
}

/** The plugin's config does not say what it should. */
export class KubectlConfigError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_KUBECTL_CONFIG', message);
  }
}
