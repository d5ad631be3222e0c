/**
 * Starts a plugin in the runtime its entries ask for, or in its default:
 * `worker` where it has a worker module (the bundled first-party plugins),
 * `process` otherwise.
 */
import { resolve } from 'node:path';
import type { PluginRef, PluginRuntime } from '../config/types.js';
import { PluginNotFoundError } from '../errors.js';
import { type LocatedPlugin, type PluginInstance, type StartPluginOptions, startProcessPlugin } from './runtime.js';
import { startWorkerPlugin } from './worker/start.js';

/** The runtime a plugin runs in; throws when the one asked for is not available for it. */
export function chooseRuntime(ref: PluginRef, located: LocatedPlugin): PluginRuntime {
  const runtime = ref.runtime ?? (located.worker ? 'worker' : 'process');
  if (!located[runtime]) {
    const other = runtime === 'worker' ? 'process' : 'worker';
    throw new PluginNotFoundError(
      runtime === 'worker'
        ? `plugin ${ref.key} has no worker module, which runtime: worker needs${located[other] ? ': use runtime: process, or leave runtime out' : ''}`
        : `plugin ${ref.key} has no executable, which runtime: process needs${located[other] ? ': use runtime: worker, or leave runtime out' : ''}`,
    );
  }
  return runtime;
}

/** The variables of the agent's environment that a plugin's entries let it see (`env`), set ones only. */
export function allowedEnvironment(ref: PluginRef, from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ref.env ?? []) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * How a plugin reaches the cluster: `settings.kubeconfig` as its KUBECONFIG
 * (else the agent's KUBECONFIG and in-cluster variables, which the minimal
 * environment passes on); an impersonated plugin gets none of them, only the
 * kubeconfig of each call, so that RBAC is a boundary and not a courtesy.
 */
export function clusterEnvironment(ref: PluginRef, kubeconfig: string | undefined): Record<string, string | undefined> {
  if (ref.impersonated) return { KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined, KUBERNETES_SERVICE_PORT: undefined };
  return kubeconfig ? { KUBECONFIG: resolve(kubeconfig) } : {};
}

export interface StartOptions extends StartPluginOptions {
  /** `settings.kubeconfig`. */
  kubeconfig?: string;
}

export function startPlugin(ref: PluginRef, located: LocatedPlugin, options: StartOptions): Promise<PluginInstance> {
  const runtime = chooseRuntime(ref, located);
  const found = located[runtime] as NonNullable<LocatedPlugin[PluginRuntime]>;
  // What the location needs (PLUGIN_DEPENDENCY_DIR) wins over what the agent's environment passes on.
  const location = {
    ...found,
    // The cluster's variables after the entries' env: an impersonated plugin cannot be given them back.
    env: { ...allowedEnvironment(ref), ...clusterEnvironment(ref, options.kubeconfig), ...found.env },
  };
  return runtime === 'worker' ? startWorkerPlugin(ref, location, options) : startProcessPlugin(ref, location, options);
}
