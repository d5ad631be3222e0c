/** The helm executor's config: defaults, JSON schema, and the checks the schema cannot express. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeConfigs, parseGoDuration } from '@chatkube/api';
import { HelmConfigError } from './errors.js';

export type HelmDriver = 'secret' | 'configmap' | 'memory';

export interface HelmConfig {
  /** Added as `-n <defaultNamespace>` to commands that name no namespace. */
  defaultNamespace: string;
  /** Where helm keeps release records (`HELM_DRIVER`). */
  helmDriver: HelmDriver;
  /** `HELM_CACHE_HOME`. */
  helmCacheDir: string;
  /** `HELM_CONFIG_HOME`; `HELM_DATA_HOME` is its `data` folder. */
  helmConfigDir: string;
  /** How long a streamed command (install, upgrade, rollback, uninstall, test) may run: a Go duration. */
  streamTimeout: string;
  /** Hosts whose http(s) URLs may name values files (`-f`, `--values`); none by default. */
  allowedValuesHosts: string[];
}

/**
 * helm's folders by default: private to the agent's user (Botkube's
 * `/tmp/helm` is in a folder anyone may write, and helm runs the plugins it
 * finds in its config folder).
 */
const privateRoot = join(tmpdir(), `chatkube-helm-${process.getuid?.() ?? 'user'}`);

/** Botkube's helm plugin defaults (but private folders), and ten minutes for long operations. */
export const defaults: HelmConfig = {
  defaultNamespace: 'default',
  helmDriver: 'secret',
  helmCacheDir: join(privateRoot, 'cache'),
  helmConfigDir: join(privateRoot, 'config'),
  streamTimeout: '10m',
  allowedValuesHosts: [],
};

const DRIVERS: readonly HelmDriver[] = ['secret', 'configmap', 'memory'];
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'helm',
  description: 'Configuration of the helm executor.',
  type: 'object',
  properties: {
    defaultNamespace: {
      type: 'string',
      default: defaults.defaultNamespace,
      description: 'Namespace added as -n to commands that name none (-n, --namespace, -A, --all-namespaces).',
    },
    helmDriver: {
      type: 'string',
      enum: DRIVERS,
      default: defaults.helmDriver,
      description: 'Where helm stores release records (HELM_DRIVER).',
    },
    helmCacheDir: {
      type: 'string',
      default: defaults.helmCacheDir,
      description: "helm's cache folder (HELM_CACHE_HOME).",
    },
    helmConfigDir: {
      type: 'string',
      default: defaults.helmConfigDir,
      description: "helm's config folder (HELM_CONFIG_HOME); its data folder (HELM_DATA_HOME) is <helmConfigDir>/data.",
    },
    streamTimeout: {
      type: 'string',
      default: defaults.streamTimeout,
      description: 'How long install, upgrade, rollback, uninstall and test may run, as 90s, 10m or 1h30m.',
    },
    allowedValuesHosts: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: defaults.allowedValuesHosts,
      description:
        "Hosts whose http(s) URLs may name values files (-f, --values); helm fetches them from the agent's network. None by default.",
    },
  },
  additionalProperties: false,
};

/** The configs merged over the defaults, and checked. */
export function helmConfig(configs: readonly unknown[]): HelmConfig & { streamTimeoutMs: number } {
  const config = mergeConfigs(defaults, configs);
  const text = (key: keyof HelmConfig): string => {
    const value = config[key];
    if (typeof value !== 'string' || value === '') {
      throw new HelmConfigError(`helm config: ${key} must be a non-empty string, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  if (!NAMESPACE.test(text('defaultNamespace')) || config.defaultNamespace.length > 63) {
    throw new HelmConfigError(
      `helm config: defaultNamespace ${JSON.stringify(config.defaultNamespace)} is not a namespace name (lower-case letters, digits and -, at most 63)`,
    );
  }
  if (!DRIVERS.includes(text('helmDriver') as HelmDriver)) {
    throw new HelmConfigError(`helm config: helmDriver ${JSON.stringify(config.helmDriver)} is not one of ${DRIVERS.join(', ')}`);
  }
  text('helmCacheDir');
  text('helmConfigDir');
  const streamTimeoutMs = parseGoDuration(text('streamTimeout'));
  if (streamTimeoutMs === undefined || streamTimeoutMs <= 0 || streamTimeoutMs > 2 ** 31 - 1) {
    throw new HelmConfigError(
      `helm config: streamTimeout ${JSON.stringify(config.streamTimeout)} is not a duration such as 90s, 10m or 1h30m`,
    );
  }
  if (!Array.isArray(config.allowedValuesHosts) || !config.allowedValuesHosts.every((h) => typeof h === 'string' && h !== '')) {
    throw new HelmConfigError(
      `helm config: allowedValuesHosts must be a list of host names, got ${JSON.stringify(config.allowedValuesHosts)}`,
    );
  }
  return { ...config, allowedValuesHosts: config.allowedValuesHosts.map((host) => host.toLowerCase()), streamTimeoutMs };
}
