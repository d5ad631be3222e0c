/**
 * Loading a kubeconfig: from text (a stream's kubeconfig bytes), from files
 * (the KUBECONFIG list merged as kubectl merges it), or by the default order
 * kubectl and client-go follow: KUBECONFIG, else ~/.kube/config if it
 * exists, else the pod's service account.
 */
import { readFile, stat } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { KubeconfigError } from './errors.js';
import { type InClusterOptions, isInCluster, loadInClusterConfig } from './in-cluster.js';
import { type KubeconfigDocument, mergeKubeconfigs, parseKubeconfig, selectContext } from './kubeconfig-merge.js';
import type { LoadedKubeconfig, SelectOptions } from './types.js';

export interface TextOptions extends SelectOptions {
  /** Names the text in errors; default "the given kubeconfig". */
  origin?: string | undefined;
  /** The directory relative paths are resolved against; default the working directory. */
  dir?: string | undefined;
}

/** A kubeconfig from its text (YAML or JSON; bytes are decoded as UTF-8). */
export function loadKubeconfigFromText(text: string | Uint8Array, options: TextOptions = {}): LoadedKubeconfig {
  const origin = options.origin ?? 'the given kubeconfig';
  const source = typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
  const document = parseKubeconfig(source, origin, options.dir ?? process.cwd());
  return selectContext(mergeKubeconfigs(document ? [document] : [], origin), options);
}

export interface FilesOptions extends SelectOptions {
  /**
   * Skip files that do not exist, as kubectl does for the KUBECONFIG list;
   * default true when there are several files. A single missing file is an error.
   */
  skipMissing?: boolean | undefined;
}

/** The kubeconfig `files` merged (first wins), the chosen context resolved. */
export async function loadKubeconfigFromFiles(files: string[], options: FilesOptions = {}): Promise<LoadedKubeconfig> {
  const origin = files.join(delimiter);
  if (files.length === 0) throw new KubeconfigError('no kubeconfig file was given', {});
  const skipMissing = options.skipMissing ?? files.length > 1;
  const documents: KubeconfigDocument[] = [];
  let found = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && skipMissing) continue;
      throw new KubeconfigError(
        `cannot read the kubeconfig ${file}: ${(error as Error).message}`,
        { origin: file },
        { cause: error },
      );
    }
    found++;
    const document = parseKubeconfig(text, file, dirname(resolve(file)));
    if (document) documents.push(document);
  }
  if (found === 0) throw new KubeconfigError(`none of the kubeconfig files ${origin} exists`, { origin });
  return selectContext(mergeKubeconfigs(documents, origin), options);
}

/** The KUBECONFIG list of `env`, empty entries dropped. */
export function kubeconfigFilesOf(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.KUBECONFIG ?? '').split(delimiter).filter((file) => file !== '');
}

export interface DefaultOptions extends SelectOptions, Omit<InClusterOptions, 'env'> {
  /** The environment (KUBECONFIG, HOME, KUBERNETES_SERVICE_*); default process.env. */
  env?: NodeJS.ProcessEnv | undefined;
  /** An explicit kubeconfig file (`--kubeconfig`, `settings.kubeconfig`): used alone, before anything else. */
  kubeconfig?: string | undefined;
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );

/**
 * The kubeconfig the default order finds: `options.kubeconfig`, the KUBECONFIG
 * files, ~/.kube/config (HOME of `env`) when it exists, the service account.
 * Throws KubeconfigError, or KubeInClusterError, saying what was looked for.
 */
export async function loadKubeconfig(options: DefaultOptions = {}): Promise<LoadedKubeconfig> {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return loadKubeconfigFromFiles([options.kubeconfig], options);
  const files = kubeconfigFilesOf(env);
  if (files.length > 0) return loadKubeconfigFromFiles(files, options);
  const home = env.HOME || env.USERPROFILE;
  const homeConfig = home ? join(home, '.kube', 'config') : undefined;
  if (homeConfig && (await exists(homeConfig))) return loadKubeconfigFromFiles([homeConfig], options);
  if (isInCluster(env)) return loadInClusterConfig({ ...options, env });
  throw new KubeconfigError(
    `no kubeconfig: KUBECONFIG is not set, there is no ${homeConfig ?? '~/.kube/config (HOME is not set)'}, and this is not a pod (no KUBERNETES_SERVICE_HOST)`,
  );
}
