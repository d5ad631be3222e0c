/**
 * The agent's plugin supervisor: each plugin located (bundled, or from a
 * repository and its cache), started in its runtime with the cluster
 * access its RBAC allows, and refused when its config does not match the
 * schema of its Metadata.
 */
import type { Config } from '../config/types.js';
import type { Logger } from '../logging.js';
import { checkPluginConfigs } from '../plugins/config-check.js';
import { repositoryLocator } from '../plugins/repository/index.js';
import { startPlugin } from '../plugins/start-plugin.js';
import { PluginSupervisor } from '../plugins/supervisor.js';

/** How much later than a command's deadline the plugin call's own deadline falls. */
const CALL_DEADLINE_MARGIN_MS = 5000;

export function superviseConfiguredPlugins(config: Config, logger: Logger, bundledPluginsDir: string): PluginSupervisor {
  const locate = repositoryLocator({
    repositories: config.plugins.repositories,
    cacheDir: config.plugins.cacheDir,
    logger: logger.child({ part: 'plugin-repositories' }),
    bundledPluginsDir,
  });
  return new PluginSupervisor({
    start: async (kind, ref, startOptions) => {
      const instance = await startPlugin(ref, await locate(kind, ref), {
        ...startOptions,
        ...(config.settings.kubeconfig ? { kubeconfig: config.settings.kubeconfig } : {}),
      });
      try {
        await checkPluginConfigs(kind, ref, instance, config, startOptions.logger);
      } catch (error) {
        await instance.close();
        throw error;
      }
      return instance;
    },
    restartPolicy: config.plugins.restartPolicy,
    healthCheckIntervalMs: config.plugins.healthCheckIntervalMs,
    // The pipeline cancels a command at its deadline; the plugin call's own deadline is a backstop after it.
    callTimeoutMs: config.settings.commandTimeoutMs + CALL_DEADLINE_MARGIN_MS,
    logger,
  });
}
