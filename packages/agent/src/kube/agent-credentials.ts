/**
 * The agent's own Kubernetes credentials, from which each RBAC kubeconfig
 * is generated: the current context of `settings.kubeconfig` or of the
 * KUBECONFIG files (merged as kubectl merges them: the first file that sets
 * a value wins), else the in-cluster service account. Read at each call, so
 * that a rotated token or an edited file is used from the next command on.
 */
import { readFile } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { KubeCredentialsError } from '../errors.js';

type Fields = Record<string, unknown>;

/** A kubeconfig's `cluster` and `user` entries, file paths absolute, impersonation left out. */
export interface AgentCredentials {
  cluster: Fields;
  user: Fields;
  /** Where they came from, for logs and errors. */
  origin: string;
}

export interface CredentialsOptions {
  /** `settings.kubeconfig`. */
  kubeconfig?: string | undefined;
  /** The environment: KUBECONFIG, KUBERNETES_SERVICE_HOST and _PORT. */
  env?: NodeJS.ProcessEnv;
  /** The service account's directory; default `/var/run/secrets/kubernetes.io/serviceaccount`. */
  serviceAccountDir?: string | undefined;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const CLUSTER_PATHS = ['certificate-authority'];
const USER_PATHS = ['client-certificate', 'client-key', 'tokenFile'];
/** The generated kubeconfig sets these; the agent's own would let a plugin be someone else. */
const IMPERSONATION = ['as', 'as-uid', 'as-groups', 'as-user-extra'];

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Named {
  entry: Fields;
  dir: string;
}

/** `name → entry` of a kubeconfig list (`clusters`, `users`, `contexts`), the first file's entry winning. */
function collect(into: Map<string, Named>, list: unknown, key: string, dir: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (!isFields(item) || typeof item.name !== 'string' || !isFields(item[key])) continue;
    if (!into.has(item.name)) into.set(item.name, { entry: item[key], dir });
  }
}

const absolute = (fields: Fields, keys: string[], dir: string): Fields => {
  const out = { ...fields };
  for (const key of keys)
    if (typeof out[key] === 'string' && out[key] !== '' && !isAbsolute(out[key])) out[key] = resolve(dir, out[key]);
  return out;
};

/**
 * The user with its exec credential command resolved as kubectl resolves it:
 * a command naming a path (`./bin/get-token`) is relative to the kubeconfig
 * it was read from, not to the generated one in a plugin's temp folder.
 */
const absoluteExec = (user: Fields, dir: string): Fields => {
  const exec = user.exec;
  if (!isFields(exec) || typeof exec.command !== 'string' || !exec.command.includes('/') || isAbsolute(exec.command)) {
    return user;
  }
  return { ...user, exec: { ...exec, command: resolve(dir, exec.command) } };
};

async function fromFiles(files: string[]): Promise<AgentCredentials> {
  const clusters = new Map<string, Named>();
  const users = new Map<string, Named>();
  const contexts = new Map<string, Named>();
  let current: string | undefined;
  const origin = files.join(delimiter);
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      // kubectl skips KUBECONFIG files that do not exist; so does this, unless none exists.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && files.length > 1) continue;
      throw new KubeCredentialsError(`cannot read the kubeconfig ${file}: ${(error as Error).message}`, { cause: error });
    }
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      throw new KubeCredentialsError(`the kubeconfig ${file} is not valid YAML: ${(error as Error).message}`, { cause: error });
    }
    if (doc === null || doc === undefined) continue;
    if (!isFields(doc)) throw new KubeCredentialsError(`the kubeconfig ${file} is not a mapping`);
    const dir = dirname(resolve(file));
    if (!current && typeof doc['current-context'] === 'string' && doc['current-context'] !== '') current = doc['current-context'];
    collect(clusters, doc.clusters, 'cluster', dir);
    collect(users, doc.users, 'user', dir);
    collect(contexts, doc.contexts, 'context', dir);
  }
  if (!current) throw new KubeCredentialsError(`the kubeconfig ${origin} has no current-context`);
  const context = contexts.get(current)?.entry;
  if (!context) throw new KubeCredentialsError(`the current-context "${current}" of ${origin} is not among its contexts`);
  const cluster = clusters.get(String(context.cluster ?? ''));
  if (!cluster || typeof cluster.entry.server !== 'string') {
    throw new KubeCredentialsError(
      `the context "${current}" of ${origin} names cluster "${String(context.cluster ?? '')}", which has no server there`,
    );
  }
  const user = users.get(String(context.user ?? ''));
  const userFields = user ? absoluteExec(absolute(user.entry, USER_PATHS, user.dir), user.dir) : {};
  for (const key of IMPERSONATION) delete userFields[key];
  return { cluster: absolute(cluster.entry, CLUSTER_PATHS, cluster.dir), user: userFields, origin };
}

async function inCluster(env: NodeJS.ProcessEnv, dir: string): Promise<AgentCredentials> {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new KubeCredentialsError(
      "RBAC needs the agent's own credentials to generate kubeconfigs from: set settings.kubeconfig or KUBECONFIG, or run the agent in a cluster",
    );
  }
  const read = async (name: string) => {
    try {
      return await readFile(resolve(dir, name));
    } catch (error) {
      throw new KubeCredentialsError(`cannot read the service account's ${name} in ${dir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const token = await read('token');
  const ca = await read('ca.crt');
  return {
    cluster: {
      server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
      'certificate-authority-data': ca.toString('base64'),
    },
    user: { token: token.toString('utf8').trim() },
    origin: `the service account in ${dir}`,
  };
}

/** The agent's credentials now. */
export function readAgentCredentials(options: CredentialsOptions = {}): Promise<AgentCredentials> {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return fromFiles([options.kubeconfig]);
  const files = (env.KUBECONFIG ?? '').split(delimiter).filter((file) => file !== '');
  if (files.length > 0) return fromFiles(files);
  return inCluster(env, options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
}
