/**
 * A copy of a configuration document with its secrets replaced, for
 * `show config` and for logs: the platforms' tokens, passwords and keys,
 * the web chat token, incoming-webhook credentials, repository headers and,
 * unlike Botkube, secret-looking keys in plugin configs (an API key in the
 * doctor plugin's config must not reach a chat channel), and passwords
 * written into URLs.
 */
import { isPlainObject } from './layers.js';
import { ANY_KEY, isAt, type PathPattern } from './path-pattern.js';
import type { ConfigPath } from './problems.js';

export const REDACTED = '*** REDACTED ***';

const SECRET_NAME = /(token|apikey|password|passwd|secret|key)$/i;

/** Whether a key's name says its value is a secret (`token`, `apiKey`, `password`, `secret`, `…Key`). */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

const ANY = ANY_KEY;
/** Secret values at known places. */
const SECRET_PATHS: readonly PathPattern[] = [
  ['communications', ANY, 'socketSlack', 'botToken'],
  ['communications', ANY, 'socketSlack', 'appToken'],
  ['communications', ANY, 'cloudSlack', 'token'],
  ['communications', ANY, 'cloudSlack', 'server', 'tls', 'caCertificate'],
  ['communications', ANY, 'cloudTeams', 'server', 'tls', 'caCertificate'],
  ['communications', ANY, 'discord', 'token'],
  ['communications', ANY, 'mattermost', 'token'],
  ['communications', ANY, 'elasticsearch', 'password'],
  ['communications', ANY, 'pagerDuty', 'integrationKey'],
  ['settings', 'webchat', 'authToken'],
  ['sources', ANY, 'webhook', 'bearerToken'],
  ['sources', ANY, 'webhook', 'hmacSecret'],
  ['plugins', 'repositories', ANY, 'headers', ANY],
];

/** `executors.<group>.<plugin>.config` and the same under `sources`. */
const isPluginConfig = (path: ConfigPath) =>
  path.length === 4 && (path[0] === 'executors' || path[0] === 'sources') && path[3] === 'config';

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

/** `https://user:password@host/…`: the password goes, the rest stays readable. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#:@]*:)[^/?#@]+@/i;
const redactUrlPassword = (value: string) => value.replace(URL_PASSWORD, `$1${REDACTED}@`);

function redactSecretLooking(value: unknown): unknown {
  if (typeof value === 'string') return redactUrlPassword(value);
  if (Array.isArray(value)) return value.map(redactSecretLooking);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = looksSecret(key) && isSet(item) ? REDACTED : redactSecretLooking(item);
  }
  return copy;
}

function redactAt(value: unknown, path: (string | number)[]): unknown {
  if (isPluginConfig(path)) return redactSecretLooking(value);
  if (isSet(value) && SECRET_PATHS.some((pattern) => isAt(pattern, path))) return REDACTED;
  if (typeof value === 'string') return redactUrlPassword(value);
  if (Array.isArray(value)) return value.map((item, i) => redactAt(item, [...path, i]));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = redactAt(item, [...path, key]);
  return copy;
}

/**
 * A deep copy of `raw` (a configuration in the file format) with every
 * secret replaced by `*** REDACTED ***`. Values that are not set stay as
 * they are, so that one can still see that a token is missing.
 */
export function redactConfig(raw: Record<string, unknown>): Record<string, unknown> {
  return redactAt(raw, []) as Record<string, unknown>;
}
