/**
 * Who may use the web chat's API from a browser. A web page of another site
 * can open a WebSocket to the agent (no CORS there) and, by DNS rebinding,
 * send it requests under a name of its own: without a token, the agent
 * answers only requests addressed to a loopback name, and a page only of its
 * own origin. With a token, the token decides, and pages still only of its
 * own origin.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isLoopback } from '../config/index.js';

/** The host name of a Host header (`127.0.0.1:2115`, `[::1]:2115`, `localhost`). */
function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(1, host.indexOf(']')) : (host.split(':')[0] ?? host);
}

/** Why a request may not use the web chat, or undefined when it may. */
export function crossOriginRefusal(headers: IncomingHttpHeaders, tokenRequired: boolean): string | undefined {
  const host = headers.host ?? '';
  if (!tokenRequired && !isLoopback(hostName(host)))
    return `this agent answers only requests addressed to this machine (got Host ${JSON.stringify(host)}): set settings.webchat.authToken to serve other names`;
  const origin = headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return `the request's Origin ${JSON.stringify(origin)} is not a URL`;
    }
    if (originHost !== host) return `a page of ${origin} may not use this agent's web chat`;
  } else if (origin === 'null') return 'a page of an opaque origin may not use this agent';
  return undefined;
}
