/**
 * The bundled repository `chatkube`: the first-party plugins that
 * `npm run build` writes to `dist/plugins` (each an executable, and a
 * worker module in `dist/plugins/worker`), so that nothing is downloaded
 * at start and an air-gapped agent has them all.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginRef } from '../config/types.js';
import { PluginNotFoundError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { pluginExecutableName, pluginWorkerModuleName } from './executable-name.js';
import type { LocatedPlugin, PluginKind } from './runtime.js';

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

/** The worker module of a bundled plugin, or undefined when it has none. */
export function bundledWorkerPath(kind: 'executor' | 'source', name: string, dir = bundledPluginsDir()): string | undefined {
  const path = join(dir, pluginWorkerModuleName(kind, name));
  return existsSync(path) ? path : undefined;
}

/**
 * Finds plugins in the bundled repository; other repositories are the plugin
 * manager's (not built yet), and a key naming one fails with that said.
 */
export function bundledLocator(dir: string): (kind: PluginKind, ref: PluginRef) => Promise<LocatedPlugin> {
  return async (kind, ref) => {
    if (ref.repo !== BUNDLED_REPOSITORY)
      throw new PluginNotFoundError(
        `plugin ${ref.key}: downloading plugins from repository '${ref.repo}' is not built yet; chatkube runs its bundled plugins (repository '${BUNDLED_REPOSITORY}') for now`,
      );
    const path = bundledPluginPath(kind, ref.name, dir);
    const workerPath = bundledWorkerPath(kind, ref.name, dir);
    if (!path && !workerPath)
      throw new PluginNotFoundError(
        `plugin ${ref.key}: there is no bundled ${kind} named '${ref.name}' in ${dir} (run npm run build)`,
      );
    return { ...(path ? { process: { path } } : {}), ...(workerPath ? { worker: { path: workerPath } } : {}) };
  };
}
