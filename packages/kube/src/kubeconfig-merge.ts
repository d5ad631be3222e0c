/**
 * Parsing kubeconfig documents and merging them the way kubectl merges the
 * files of KUBECONFIG: the first file that sets `current-context` wins, and
 * for clusters, users and contexts the first file that defines a name wins
 * that name whole (entries are not merged key by key). Relative file paths
 * are made absolute against the directory of the file that holds them, as
 * client-go does on load.
 */
import { isAbsolute, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { KubeconfigError } from './errors.js';
import { isFields, type KubeFields, type LoadedKubeconfig, type SelectOptions } from './types.js';

/** One parsed kubeconfig document and where its relative paths point. */
export interface KubeconfigDocument {
  doc: KubeFields;
  /** The directory relative paths are resolved against. */
  dir: string;
  /** The file (or other origin) it came from. */
  origin: string;
}

interface Entry {
  fields: KubeFields;
  origin: string;
}

/** Several documents merged; `origin` lists them all. */
export interface MergedKubeconfig {
  origin: string;
  currentContext: string | undefined;
  clusters: Map<string, Entry>;
  users: Map<string, Entry>;
  contexts: Map<string, Entry>;
}

const IMPERSONATION_KEYS = ['as', 'as-uid', 'as-groups', 'as-user-extra'];

/** The YAML (or JSON) `text` as a kubeconfig document; null for an empty one. */
export function parseKubeconfig(text: string, origin: string, dir: string): KubeconfigDocument | null {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new KubeconfigError(
      `the kubeconfig ${origin} is not valid YAML: ${(error as Error).message}`,
      { origin },
      { cause: error },
    );
  }
  if (doc === null || doc === undefined) return null;
  if (!isFields(doc)) throw new KubeconfigError(`the kubeconfig ${origin} is not a mapping`, { origin });
  return { doc, dir, origin };
}

const absolutePath = (value: unknown, dir: string): unknown =>
  typeof value === 'string' && value !== '' && !isAbsolute(value) ? resolve(dir, value) : value;

function withAbsolutePaths(list: string, fields: KubeFields, dir: string): KubeFields {
  const out = { ...fields };
  if (list === 'clusters') out['certificate-authority'] = absolutePath(out['certificate-authority'], dir);
  if (list === 'users') {
    for (const key of ['client-certificate', 'client-key', 'tokenFile']) out[key] = absolutePath(out[key], dir);
    // client-go resolves an exec command only when it is a path ("./bin/x"), not a name looked up in PATH.
    const exec = out.exec;
    if (isFields(exec) && typeof exec.command === 'string' && (exec.command.includes(sep) || exec.command.includes('/')))
      out.exec = { ...exec, command: absolutePath(exec.command, dir) };
  }
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

const ENTRY_KEY: Record<string, string> = { clusters: 'cluster', users: 'user', contexts: 'context' };

function collect(into: Map<string, Entry>, list: 'clusters' | 'users' | 'contexts', document: KubeconfigDocument): void {
  const items = document.doc[list];
  if (items === undefined || items === null) return;
  if (!Array.isArray(items))
    throw new KubeconfigError(`the kubeconfig ${document.origin} has a ${list} that is not a list`, {
      origin: document.origin,
      key: list,
    });
  const entryKey = ENTRY_KEY[list] as string;
  items.forEach((item: unknown, index) => {
    if (!isFields(item) || typeof item.name !== 'string' || item.name === '')
      throw new KubeconfigError(`the kubeconfig ${document.origin} has an entry without a name at ${list}[${index}]`, {
        origin: document.origin,
        key: `${list}[${index}].name`,
      });
    const fields = item[entryKey] ?? {};
    if (!isFields(fields))
      throw new KubeconfigError(`the kubeconfig ${document.origin}: ${list}[${item.name}].${entryKey} is not a mapping`, {
        origin: document.origin,
        key: `${list}[${item.name}].${entryKey}`,
      });
    if (!into.has(item.name))
      into.set(item.name, { fields: withAbsolutePaths(list, fields, document.dir), origin: document.origin });
  });
}

/** Merges `documents` in order, the first to define a thing winning. */
export function mergeKubeconfigs(documents: KubeconfigDocument[], origin: string): MergedKubeconfig {
  const merged: MergedKubeconfig = {
    origin,
    currentContext: undefined,
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
  };
  for (const document of documents) {
    const current = document.doc['current-context'];
    if (merged.currentContext === undefined && typeof current === 'string' && current !== '') merged.currentContext = current;
    collect(merged.clusters, 'clusters', document);
    collect(merged.users, 'users', document);
    collect(merged.contexts, 'contexts', document);
  }
  return merged;
}

/** The current (or the named) context of `merged`, its cluster and user. */
export function selectContext(merged: MergedKubeconfig, options: SelectOptions = {}): LoadedKubeconfig {
  const { origin } = merged;
  const name = options.context ?? merged.currentContext;
  if (!name) throw new KubeconfigError(`the kubeconfig ${origin} has no current-context`, { origin, key: 'current-context' });
  const key = options.context ? 'context' : 'current-context';
  const context = merged.contexts.get(name);
  if (!context)
    throw new KubeconfigError(`the ${key} "${name}" of ${origin} is not among its contexts`, { origin, context: name, key });
  const clusterName = context.fields.cluster;
  const place = { origin, context: name, key: `contexts[${name}].context.cluster` };
  if (typeof clusterName !== 'string' || clusterName === '')
    throw new KubeconfigError(`the context "${name}" of ${origin} names no cluster`, place);
  const cluster = merged.clusters.get(clusterName);
  if (!cluster || typeof cluster.fields.server !== 'string' || cluster.fields.server === '')
    throw new KubeconfigError(
      `the context "${name}" of ${origin} names cluster "${clusterName}", which has no server there`,
      place,
    );
  const userName = context.fields.user;
  let user: KubeFields = {};
  if (typeof userName === 'string' && userName !== '') {
    const entry = merged.users.get(userName);
    if (!entry)
      throw new KubeconfigError(`the context "${name}" of ${origin} names user "${userName}", which is not among its users`, {
        origin,
        context: name,
        key: `contexts[${name}].context.user`,
      });
    user = { ...entry.fields };
  }
  if (options.impersonation === false) for (const impersonation of IMPERSONATION_KEYS) delete user[impersonation];
  const namespace = context.fields.namespace;
  return {
    origin,
    context: name,
    namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
    clusterName,
    userName: typeof userName === 'string' && userName !== '' ? userName : undefined,
    cluster: { ...cluster.fields },
    user,
  };
}
