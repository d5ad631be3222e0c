/**
 * The agent's own Kubernetes credentials, from which each RBAC kubeconfig
 * is generated: the current context of `settings.kubeconfig`, else of the
 * KUBECONFIG files (merged as kubectl merges them: the first file that sets
 * a value wins), else of ~/.kube/config, else the in-cluster service
 * account — read by @chatkube/kube, the reader the kubernetes source uses
 * too. Read at each call, so that a rotated token or an edited file is used
 * from the next command on.
 */
import { KubeError, type KubeFields, loadKubeconfig, SERVICE_ACCOUNT_DIR } from '@chatkube/kube';
import { KubeCredentialsError } from '../errors.js';

/** A kubeconfig's `cluster` and `user` entries, file paths absolute, impersonation left out. */
export interface AgentCredentials {
  cluster: KubeFields;
  user: KubeFields;
  /** Where they came from, for logs and errors. */
  origin: string;
}

export interface CredentialsOptions {
  /** `settings.kubeconfig`. */
  kubeconfig?: string | undefined;
  /** The environment: KUBECONFIG, HOME, KUBERNETES_SERVICE_HOST and _PORT. */
  env?: NodeJS.ProcessEnv;
  /** The service account's directory; default `/var/run/secrets/kubernetes.io/serviceaccount`. */
  serviceAccountDir?: string | undefined;
}

export { SERVICE_ACCOUNT_DIR };

/** The agent's credentials now. */
export async function readAgentCredentials(options: CredentialsOptions = {}): Promise<AgentCredentials> {
  try {
    // The generated kubeconfig impersonates whom the RBAC rule says; the agent's own `as` would let a plugin be someone else.
    // Inline: a generated kubeconfig carries the service account's token and CA, not paths into this pod.
    const config = await loadKubeconfig({
      kubeconfig: options.kubeconfig,
      env: options.env ?? process.env,
      serviceAccountDir: options.serviceAccountDir,
      impersonation: false,
      inline: true,
    });
    return { cluster: config.cluster, user: config.user, origin: config.origin };
  } catch (error) {
    if (!(error instanceof KubeError)) throw error;
    // Nothing found at all (no file named, none in the environment): say what the agent needs.
    if (error.code === 'CHATKUBE_ERR_KUBECONFIG' && error.origin === undefined)
      throw new KubeCredentialsError(
        "RBAC needs the agent's own credentials to generate kubeconfigs from: set settings.kubeconfig or KUBECONFIG, or run the agent in a cluster",
        { cause: error },
      );
    throw new KubeCredentialsError(error.message, { cause: error });
  }
}
