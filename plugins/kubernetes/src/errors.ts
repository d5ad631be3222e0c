/** The coded errors of the kubernetes source. */
import { ChatkubeError } from '@chatkube/api';

/** A kubernetes source config that cannot be used; the message names the key. */
export class KubernetesConfigError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_KUBERNETES_CONFIG', message, options);
  }
}

/** No kubeconfig could be loaded: none given, no KUBECONFIG, not in a cluster. */
export class KubeConfigLoadError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_KUBECONFIG', message, options);
  }
}

/** The Kubernetes API answered a request with an error status. */
export class KubeApiError extends ChatkubeError {
  readonly status: number;
  /** The server's Retry-After, in seconds (429 and 503 answers). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, message: string, options?: ErrorOptions & { retryAfterSeconds?: number | undefined }) {
    super('CHATKUBE_ERR_KUBE_API', message, options);
    this.status = status;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}
