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

/** Request bodies past this are refused with 413. */
const BODY_LIMIT = 1024 * 1024;

export function createServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, return503OnClosing: true, forceCloseConnections: 'idle' });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) deps.logger.error({ err: error }, 'HTTP request failed');
    const code =
      status === 413
        ? 'CHATKUBE_ERR_BODY_TOO_LARGE'
        : status === 400
          ? 'CHATKUBE_ERR_BAD_REQUEST'
          : (error.code ?? 'CHATKUBE_ERR_INTERNAL');
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
