/**
 * chatkube's defaults, in the file format. The base defaults lie under every
 * configuration; the embedded default (the web chat with the echo executor
 * and an incoming webhook) is what `chatkube run` uses when no file is given,
 * so that everything can be tried without a cluster, a token or a chat
 * workspace.
 */

/** The file-format document: what YAML parses into. */
export type RawConfig = Record<string, unknown>;

/**
 * The defaults under every configuration: settings and plugin management.
 * `plugins.cacheDir` is absent on purpose: it defaults to
 * `<settings.stateDir>/plugins`, where only the agent's user can write.
 */
export function baseDefaults(): RawConfig {
  return {
    aliases: {},
    actions: {},
    settings: {
      clusterName: 'local',
      stateDir: '.chatkube',
      log: { level: 'info', format: 'json' },
      server: { host: '127.0.0.1', port: 2115 },
      webchat: {},
      commandTimeout: '5m',
    },
    plugins: {
      repositories: {},
      incomingWebhook: { enabled: true, inClusterBaseURL: '' },
      restartPolicy: { type: 'DeactivatePlugin', threshold: 10 },
      healthCheckInterval: '10s',
    },
  };
}

/** The communications, executors and sources used only when no configuration file is given. */
function embeddedGroups(): RawConfig {
  return {
    communications: {
      'default-group': {
        webchat: {
          enabled: true,
          channels: {
            general: {
              name: 'general',
              notification: { disabled: false },
              bindings: { executors: ['default-tools'], sources: ['default-webhook'] },
            },
          },
        },
      },
    },
    executors: {
      'default-tools': { displayName: 'Default tools', 'chatkube/echo': { enabled: true } },
    },
    sources: {
      'default-webhook': { displayName: 'Incoming webhook', 'chatkube/webhook': { enabled: true } },
    },
  };
}

/** The whole embedded default configuration (a fresh copy): what `loadConfig({ files: [] })` loads. */
export function embeddedDefaultConfig(): RawConfig {
  return { ...embeddedGroups(), ...baseDefaults() };
}
