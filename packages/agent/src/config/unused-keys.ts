/**
 * Keys chatkube reads but does not use (yet): Botkube's platforms that
 * chatkube does not run and Botkube's operational settings. Whatever is wrong
 * under them is reported as a warning: a Botkube file must load.
 */
import { ANY_KEY, isUnder, type PathPattern } from './path-pattern.js';
import type { ConfigPath } from './problems.js';
import { NOT_YET_SUPPORTED } from './types.js';

const UNUSED: readonly PathPattern[] = [
  ...NOT_YET_SUPPORTED.map((platform) => ['communications', ANY_KEY, platform]),
  ['analytics'],
  ['configWatcher'],
  ...['upgradeNotifier', 'systemConfigMap', 'persistentConfig', 'metricsPort', 'healthPort', 'informersResyncPeriod'].map(
    (key) => ['settings', key],
  ),
  ['settings', 'log', 'disableColors'],
  ['plugins', 'incomingWebhook', 'port'],
  ['plugins', 'incomingWebhook', 'targetPort'],
];

/** Whether `path` lies under a key chatkube does not use. */
export function isUnusedKey(path: ConfigPath): boolean {
  return UNUSED.some((pattern) => isUnder(pattern, path));
}

/** The severity of a problem at `path`: never an error under an unused key. */
export function severityAt(path: ConfigPath, severity: 'error' | 'warning'): 'error' | 'warning' {
  return isUnusedKey(path) ? 'warning' : severity;
}
