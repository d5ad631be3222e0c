/** The shapes shared by the loaders and the credentials. */

/** A kubeconfig mapping as written (`cluster`, `user` entries): keys as kubectl spells them. */
export type KubeFields = Record<string, unknown>;

/**
 * One context of a kubeconfig, resolved: its cluster and user entries as
 * written, file paths made absolute (relative to the file that held them).
 */
export interface LoadedKubeconfig {
  /** Where it came from (file list, "the stream's kubeconfig", the service account dir), for errors and logs. */
  origin: string;
  /** The context used (`in-cluster` for the service account). */
  context: string;
  /** The context's namespace, or the service account's. */
  namespace: string | undefined;
  /** The name of the context's cluster entry. */
  clusterName: string;
  /** The name of the context's user entry; undefined when the context names none. */
  userName: string | undefined;
  /** The cluster entry: `server`, `certificate-authority(-data)`, `tls-server-name`, … */
  cluster: KubeFields;
  /** The user entry: `token`, `tokenFile`, `client-certificate(-data)`, `exec`, `as`, …; `{}` when none. */
  user: KubeFields;
}

/** How to pick and shape the context. */
export interface SelectOptions {
  /** A context by name instead of `current-context`. */
  context?: string | undefined;
  /**
   * Keep the impersonation keys (`as`, `as-groups`, `as-uid`, `as-user-extra`)
   * of the user; default true. False for one's "own" credentials, that a
   * kubeconfig generated from them must not inherit someone else's identity.
   */
  impersonation?: boolean | undefined;
}

export const isFields = (value: unknown): value is KubeFields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
