/**
 * Folders a plugin keeps files in that programs then trust (downloaded
 * tools, helm's plugins and repositories): created for this user only, and
 * refused when someone else could have put something there.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { FolderNotPrivateError } from './errors.js';

/**
 * Creates `dir` (0700, parents too), or checks that the one there is a
 * folder this user owns and no one else may write to.
 *
 * @param what How the folder is named in the error: `the exec cache`.
 * @throws FolderNotPrivateError naming the folder, its owner and mode.
 */
export async function ensurePrivateFolder(dir: string, what: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await lstat(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory()) throw new FolderNotPrivateError(`${what} ${dir} is not a folder`);
  if ((uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) {
    throw new FolderNotPrivateError(
      `${what} ${dir} is not private (owner ${stat.uid}, mode ${(stat.mode & 0o777).toString(8)}): remove it, or configure a folder only the agent's user can write`,
    );
  }
}
