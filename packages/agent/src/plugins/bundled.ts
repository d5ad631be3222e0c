/**
 * The bundled repository `chatkube`: the first-party plugins that
 * `npm run build` writes to `dist/plugins`, so that nothing is downloaded
 * at start and an air-gapped agent has them all.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { pluginExecutableName } from './executable-name.js';

export const BUNDLED_REPOSITORY = 'chatkube';

/** Where the bundled plugin executables are: `CHATKUBE_BUNDLED_PLUGINS_DIR`, or the repository's `dist/plugins`. */
export function bundledPluginsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHATKUBE_BUNDLED_PLUGINS_DIR ?? join(PACKAGE_ROOT, '../../dist/plugins');
}

/** The executable of a bundled plugin, or undefined when there is no such plugin. */
export function bundledPluginPath(kind: 'executor' | 'source', name: string, dir = bundledPluginsDir()): string | undefined {
  const path = join(dir, pluginExecutableName(kind, name));
  return existsSync(path) ? path : undefined;
}
