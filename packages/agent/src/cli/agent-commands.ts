/** `chatkube run` and `chatkube validate`: the agent itself, and its configuration checked. */
import { randomBytes } from 'node:crypto';
import { Agent } from '../agent/agent.js';
import { formatProblems, isLoopback, loadConfig } from '../config/index.js';
import type { Config } from '../config/types.js';
import { ConfigInvalidError, UsageError } from '../errors.js';
import { createLogger, type LogFormat } from '../logging.js';
import { VERSION } from '../version.js';
import type { Output } from './plugin-commands.js';

export interface RunOptions {
  configs: string[];
  host?: string;
  port?: number;
  logFormat?: LogFormat;
  logLevel?: string;
  out: Output;
  err: Output;
  /** Aborts on SIGTERM or Ctrl-C: the agent stops gracefully. */
  signal: AbortSignal;
}

/**
 * The files to load: `--config` flags, else `CHATKUBE_CONFIG_PATHS` (or
 * Botkube's `BOTKUBE_CONFIG_PATHS`), comma-separated; none means the
 * embedded default.
 */
export function configPaths(flags: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (flags.length > 0) return [...flags];
  const paths = env.CHATKUBE_CONFIG_PATHS ?? env.BOTKUBE_CONFIG_PATHS ?? '';
  return paths
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean);
}

/** Loads the configuration, printing its warnings; throws with every problem listed. */
function load(flags: string[], err: Output): Config {
  const { config, warnings } = loadConfig({ files: configPaths(flags), env: process.env });
  if (warnings.length > 0) err.write(`${formatProblems(warnings)}\n`);
  return config;
}

export async function validate(options: { configs: string[]; out: Output; err: Output }): Promise<number> {
  try {
    load(options.configs, options.err);
    options.out.write(
      options.configs.length > 0
        ? `configuration is valid: ${options.configs.join(', ')}\n`
        : 'the embedded default configuration is valid\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    options.err.write(`${error.message}\n`);
    return 1;
  }
}

/**
 * The embedded default's webhook source gets a token made for this run, so
 * that notifications can be tried at once: printed, never stored.
 */
function withTrialWebhookToken(config: Config): { config: Config; token: string; group: string; channels: string[] } | undefined {
  const group = config.sources.find((g) => !g.webhook?.bearerToken && !g.webhook?.hmacSecret);
  if (!group) return undefined;
  const token = randomBytes(18).toString('base64url');
  const sources = config.sources.map((g) => (g === group ? { ...g, webhook: { ...g.webhook, bearerToken: token } } : g));
  const channels = config.communications.flatMap((c) =>
    c.channels.filter((ch) => ch.bindings.sources.includes(group.name)).map((ch) => `#${ch.name}`),
  );
  return { config: { ...config, sources }, token, group: group.name, channels };
}

export async function run(options: RunOptions): Promise<number> {
  let config: Config;
  try {
    config = load(options.configs, options.err);
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    options.err.write(`${error.message}\nchatkube: not started: fix the configuration first (chatkube validate --config …)\n`);
    return 1;
  }
  const server = {
    ...config.settings.server,
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  };
  const webchat = config.communications.some((group) => group.channels.some((channel) => channel.platform === 'webchat'));
  if (webchat && !isLoopback(server.host) && !config.settings.webchat.authToken)
    throw new UsageError(
      `listening on ${server.host} exposes the web chat beyond this machine: set settings.webchat.authToken (or CHATKUBE_SETTINGS_WEBCHAT_AUTH__TOKEN) first`,
    );
  config = { ...config, settings: { ...config.settings, server } };
  const embedded = configPaths(options.configs).length === 0;
  const tryWebhook = embedded ? withTrialWebhookToken(config) : undefined;
  if (tryWebhook) config = tryWebhook.config;
  const level = options.logLevel ?? process.env.CHATKUBE_LOG_LEVEL ?? config.settings.log.level;
  const logger = createLogger(level, options.logFormat ?? config.settings.log.format);
  const agent = await Agent.start({ config, logger, version: VERSION });
  options.out.write(`chatkube ${VERSION} is running: open ${agent.url}/ in a browser\n`);
  if (tryWebhook)
    options.out.write(
      `Send a notification to ${tryWebhook.channels.join(', ')}:\n  curl -H 'Authorization: Bearer ${tryWebhook.token}' -d '{"title": "Hello", "text": "from a webhook"}' ${agent.url}/sources/v1/${tryWebhook.group}\n`,
    );
  if (!options.signal.aborted) await new Promise((resolve) => options.signal.addEventListener('abort', resolve, { once: true }));
  await agent.stop();
  logger.flush();
  return 0;
}
