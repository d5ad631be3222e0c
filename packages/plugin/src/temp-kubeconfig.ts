/**
 * The kubeconfig the agent sends with a command, as a file a program can
 * read for the length of one call, and by no one else.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempKubeconfigOptions {
  /** How the private folder's name starts (then random characters); default `chatkube-kubeconfig-`. */
  prefix?: string;
}

/** A kubeconfig written for one call. */
export interface TempKubeconfig {
  path: string;
  /** Deletes the file and its folder; safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * Writes `kubeConfig` to a file only this user can read (0600, in a fresh
 * 0700 folder under the system's temp dir). An absent or empty kubeconfig
 * writes nothing and gives `undefined`. The caller removes it.
 */
export async function writeTempKubeconfig(
  kubeConfig: Uint8Array | undefined,
  options: TempKubeconfigOptions = {},
): Promise<TempKubeconfig | undefined> {
  if (!kubeConfig || kubeConfig.length === 0) return undefined;
  const dir = await mkdtemp(join(tmpdir(), options.prefix ?? 'chatkube-kubeconfig-'));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'config');
  try {
    await writeFile(path, kubeConfig, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}

/**
 * Calls `run` with the path of `kubeConfig` written as by
 * {@link writeTempKubeconfig} (or `undefined` when there is none), and
 * removes the file when `run` settles, whatever the outcome.
 */
export async function withTempKubeconfig<T>(
  kubeConfig: Uint8Array | undefined,
  run: (path: string | undefined) => Promise<T>,
  options: TempKubeconfigOptions = {},
): Promise<T> {
  const file = await writeTempKubeconfig(kubeConfig, options);
  try {
    return await run(file?.path);
  } finally {
    await file?.remove();
  }
}
