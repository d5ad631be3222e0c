/**
 * The in-cluster config of a pod: the API server from KUBERNETES_SERVICE_HOST
 * and _PORT, the service account's token, ca.crt and namespace from its
 * directory. The token is referenced as `tokenFile` (re-read as it rotates,
 * like client-go), unless `inline` asks for the values themselves.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KubeInClusterError } from './errors.js';
import type { KubeFields, LoadedKubeconfig } from './types.js';

/** Where a pod's service account is mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface InClusterOptions {
  /** The environment with KUBERNETES_SERVICE_HOST and _PORT; default process.env. */
  env?: NodeJS.ProcessEnv | undefined;
  /** The service account's directory; default {@link SERVICE_ACCOUNT_DIR}. */
  serviceAccountDir?: string | undefined;
  /**
   * Put the token and the CA into the config (`token`, `certificate-authority-data`)
   * instead of their paths, for a kubeconfig that must stand alone.
   */
  inline?: boolean | undefined;
}

/** Whether the environment says this is a pod (both KUBERNETES_SERVICE_HOST and _PORT set). */
export function isInCluster(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT);
}

/** The pod's own config. Throws KubeInClusterError naming what is missing. */
export async function loadInClusterConfig(options: InClusterOptions = {}): Promise<LoadedKubeconfig> {
  const env = options.env ?? process.env;
  const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const origin = `the service account in ${dir}`;
  if (!host || !port)
    throw new KubeInClusterError('not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set', {
      origin,
    });
  const read = async (name: string): Promise<Buffer> => {
    try {
      return await readFile(resolve(dir, name));
    } catch (error) {
      throw new KubeInClusterError(
        `cannot read the service account's ${name} in ${dir}: ${(error as Error).message}`,
        { origin, key: name },
        { cause: error },
      );
    }
  };
  const token = await read('token');
  const ca = await read('ca.crt');
  const namespace = await readFile(resolve(dir, 'namespace'), 'utf8').then(
    (text) => text.trim() || undefined,
    () => undefined,
  );
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const cluster: KubeFields = options.inline
    ? { server, 'certificate-authority-data': ca.toString('base64') }
    : { server, 'certificate-authority': resolve(dir, 'ca.crt') };
  const user: KubeFields = options.inline ? { token: token.toString('utf8').trim() } : { tokenFile: resolve(dir, 'token') };
  return { origin, context: 'in-cluster', namespace, clusterName: 'in-cluster', userName: 'in-cluster', cluster, user };
}
