/**
 * The plugin side of go-plugin's handshake: the magic cookie, the protocol
 * version negotiation and the line that tells the host where to connect.
 */
import { NotStartedByHostError } from './errors.js';

/** The cookie Botkube's hosts set; it must never change. */
export const MAGIC_COOKIE_KEY = 'BOTKUBE';
export const MAGIC_COOKIE_VALUE = '52ca7b74-28eb-4fac-ae79-31a9cbda2454';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 3;

/** Throws unless a go-plugin host started this process. */
export function assertStartedByHost(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) throw new NotStartedByHostError();
}

/**
 * The app protocol version to announce. Like go-plugin, a plugin that shares
 * no version with the host still announces its own, and the host refuses it
 * with a message that names both.
 */
export function negotiateVersion(env: NodeJS.ProcessEnv, warn: (line: string) => void): number {
  for (const entry of (env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',').filter(Boolean)) {
    if (!/^\d+$/.test(entry.trim())) warn(`host sent an invalid plugin protocol version ${JSON.stringify(entry)}`);
  }
  return APP_PROTOCOL_VERSION;
}

/** The first line a plugin prints: `CORE|APP|NETWORK|ADDRESS|PROTOCOL|CERT`. */
export function handshakeLine(version: number, socketPath: string): string {
  return `${CORE_PROTOCOL_VERSION}|${version}|unix|${socketPath}|grpc|\n`;
}
