/**
 * The kubeconfig the agent generated for one command (RBAC impersonation),
 * written where only this process can read it and removed afterwards,
 * whatever happened.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubeconfigFile {
  /** What kubectl's environment gets: `KUBECONFIG`, or nothing. */
  env: Record<string, string>;
  /** Deletes the file (and its private directory); safe to call twice. */
  remove(): Promise<void>;
}

/**
 * `KUBECONFIG=<private temp file>` (mode 0600 in a fresh 0700 directory)
 * when the agent gave a kubeconfig, nothing otherwise: kubectl then uses the
 * plugin's own KUBECONFIG or in-cluster credentials.
 */
export async function writeKubeconfig(kubeConfig: Uint8Array | undefined): Promise<KubeconfigFile> {
  if (kubeConfig === undefined || kubeConfig.length === 0) return { env: {}, remove: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'chatkube-kubectl-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const file = join(dir, 'kubeconfig');
  try {
    await writeFile(file, kubeConfig, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await remove();
    throw error;
  }
  return { env: { KUBECONFIG: file }, remove };
}

/** Runs `use` with the kubeconfig's environment and removes the file once `use` settles. */
export async function withKubeconfig<T>(
  kubeConfig: Uint8Array | undefined,
  use: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const file = await writeKubeconfig(kubeConfig);
  try {
    return await use(file.env);
  } finally {
    await file.remove();
  }
}
