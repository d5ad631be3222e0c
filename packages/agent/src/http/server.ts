/**
 * The agent's one HTTP server: the web chat (UI, API, WebSocket), incoming
 * webhooks, `/healthz`, `/readyz` and `/metrics`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logging.js';
import type { AgentMetrics } from '../metrics.js';
import { sendError } from './problem.js';
import { registerStaticUi } from './static-ui.js';
import { registerWebchatRoutes, type WebchatRouteDeps } from './webchat-routes.js';
import { registerWebhookRoutes, type WebhookRouteDeps } from './webhook-routes.js';

export interface ServerDeps {
  logger: Logger;
  metrics: AgentMetrics;
  webchat?: WebchatRouteDeps;
  webhooks: WebhookRouteDeps;
  /** The body of `/readyz` and whether the agent is ready. */
  readiness(): { ready: boolean; body: object };
  webchatDist?: string;
}

const HTTP_CODES: Record<number, string> = {
  400: 'CHATKUBE_ERR_BAD_REQUEST',
  404: 'CHATKUBE_ERR_NOT_FOUND',
  405: 'CHATKUBE_ERR_METHOD_NOT_ALLOWED',
  406: 'CHATKUBE_ERR_NOT_ACCEPTABLE',
  413: 'CHATKUBE_ERR_BODY_TOO_LARGE',
  415: 'CHATKUBE_ERR_UNSUPPORTED_MEDIA_TYPE',
};

/** Request bodies past this are refused with 413. */
const BODY_LIMIT = 1024 * 1024;

export function createServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, return503OnClosing: true, forceCloseConnections: 'idle' });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) deps.logger.error({ err: error }, 'HTTP request failed');
    // Fastify's own codes (FST_ERR_…) are no part of the API: every answer carries a CHATKUBE_ERR_ code.
    const code = error.code?.startsWith('CHATKUBE_ERR_') ? error.code : (HTTP_CODES[status] ?? 'CHATKUBE_ERR_INTERNAL');
    return sendError(reply, status, code, status >= 500 ? 'internal error; see the agent log' : error.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'CHATKUBE_ERR_NOT_FOUND', `no such endpoint: ${request.method} ${request.url.split('?')[0]}`),
  );

  app.get('/healthz', async () => ({ status: 'alive' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, body } = deps.readiness();
    return reply.code(ready ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );

  if (deps.webchat) {
    registerWebchatRoutes(app, deps.webchat);
    registerStaticUi(app, deps.webchatDist);
  }
  registerWebhookRoutes(app, deps.webhooks);
  return app;
}
