/**
 * The coded errors of @chatkube/kube. They carry the brand of @chatkube/api's
 * ChatkubeError (`Symbol.for('chatkube.error')`), so `instanceof
 * ChatkubeError` holds for them without this package depending on that one.
 */

const brand = Symbol.for('chatkube.error');

/** Where in a kubeconfig a wrong value is: the file (or other origin), the context, the key. */
export interface KubeconfigPlace {
  /** The file(s) or other origin the kubeconfig came from. */
  origin?: string | undefined;
  /** The context being used. */
  context?: string | undefined;
  /** The key, as a path: `users[alice].user.client-key-data`. */
  key?: string | undefined;
}

/** The base of this package's errors: a stable `code` and the place it is about. */
export class KubeError extends Error {
  readonly code: string;
  readonly origin: string | undefined;
  readonly context: string | undefined;
  readonly key: string | undefined;

  constructor(code: string, message: string, place: KubeconfigPlace = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    this.origin = place.origin;
    this.context = place.context;
    this.key = place.key;
    Object.defineProperty(this, brand, { value: true });
  }
}

/** A kubeconfig that cannot be read or used: missing, not YAML, no context, a bad value. The message names file, context and key. */
export class KubeconfigError extends KubeError {
  constructor(message: string, place: KubeconfigPlace = {}, options?: ErrorOptions) {
    super('CHATKUBE_ERR_KUBECONFIG', message, place, options);
  }
}

/** A kubeconfig asks for something this client does not do (auth-provider, proxy-url, interactive exec). */
export class KubeconfigUnsupportedError extends KubeError {
  constructor(message: string, place: KubeconfigPlace = {}, options?: ErrorOptions) {
    super('CHATKUBE_ERR_KUBECONFIG_UNSUPPORTED', message, place, options);
  }
}

/** The in-cluster service account cannot be read (not in a pod, token or ca.crt missing). */
export class KubeInClusterError extends KubeError {
  constructor(message: string, place: KubeconfigPlace = {}, options?: ErrorOptions) {
    super('CHATKUBE_ERR_KUBE_IN_CLUSTER', message, place, options);
  }
}

/** An exec credential plugin failed: not found, non-zero exit, or output that is not an ExecCredential. */
export class KubeExecCredentialError extends KubeError {
  constructor(message: string, place: KubeconfigPlace = {}, options?: ErrorOptions) {
    super('CHATKUBE_ERR_KUBE_EXEC_CREDENTIAL', message, place, options);
  }
}

/** `origin`, `context "x"`, `key` joined for a message: "in ~/.kube/config, context "dev", key users[me].user.token". */
export function describePlace(place: KubeconfigPlace): string {
  const parts: string[] = [];
  if (place.origin) parts.push(`in ${place.origin}`);
  if (place.context) parts.push(`context "${place.context}"`);
  if (place.key) parts.push(`key ${place.key}`);
  return parts.join(', ');
}
