/** The host side of go-plugin's handshake line. */
import { PluginHandshakeError, PluginProtocolVersionError } from '../../errors.js';

export const CORE_PROTOCOL_VERSION = '1';
/** The one app protocol version chatkube speaks, as Botkube v1.9 and later do. */
export const APP_PROTOCOL_VERSION = 3;

export interface Handshake {
  network: 'unix' | 'tcp';
  /** A socket path for unix, `host:port` for tcp. */
  address: string;
  /** The gRPC target to dial. */
  target: string;
}

const preview = (line: string): string => JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);

/**
 * Parses `CORE|APP|NETWORK|ADDRESS|PROTOCOL[|CERT]`, as go-plugin does:
 * at most six fields, a missing protocol meaning netrpc.
 */
export function parseHandshake(line: string, pluginName: string): Handshake {
  const parts = line.trim().split('|');
  const [core, app, network, address, protocol = 'netrpc'] =
    parts.length > 6 ? [...parts.slice(0, 5), parts.slice(5).join('|')] : parts;
  if (parts.length < 4 || core === undefined || app === undefined || network === undefined || address === undefined) {
    throw new PluginHandshakeError(
      `${pluginName} printed ${preview(line)} where a go-plugin handshake line (1|3|unix|/path|grpc|) was expected: is it a plugin?`,
    );
  }
  if (core !== CORE_PROTOCOL_VERSION) {
    throw new PluginHandshakeError(
      `${pluginName} speaks go-plugin core protocol ${core}; chatkube speaks ${CORE_PROTOCOL_VERSION}`,
    );
  }
  if (app !== String(APP_PROTOCOL_VERSION)) {
    throw new PluginProtocolVersionError(
      `${pluginName} speaks plugin protocol ${app}, chatkube speaks ${APP_PROTOCOL_VERSION}: use a version of the plugin built for Botkube 1.9 or later`,
    );
  }
  if (protocol !== 'grpc') {
    throw new PluginHandshakeError(`${pluginName} offers the ${protocol} protocol; chatkube accepts grpc only`);
  }
  if (network === 'unix') return { network, address, target: `unix:${address}` };
  if (network === 'tcp') return { network, address, target: address };
  throw new PluginHandshakeError(`${pluginName} listens on an unknown network ${JSON.stringify(network)}; expected unix or tcp`);
}
