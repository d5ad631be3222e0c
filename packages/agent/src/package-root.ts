/**
 * The agent package's folder, found from wherever this code runs: its
 * compiled modules (`dist/src/…`) or the one-file bundle (`dist/chatkube.mjs`).
 * Files the agent reads at run time are named from here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'chatkube') return dir;
  }
  throw new Error(`chatkube's package.json is not in any folder above ${from}`);
}

export const PACKAGE_ROOT: string = findPackageRoot(fileURLToPath(import.meta.url));
