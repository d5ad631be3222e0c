/**
 * Incoming webhooks: `POST /sources/v1/{source}` runs the source group's
 * plugins' `HandleExternalRequest` on the body and dispatches the events.
 * Each group's webhook needs credentials (`sources.<group>.webhook`): a
 * bearer token or an HMAC-SHA256 signature of the body. Without them it
 * answers 401 — Botkube's was open to anyone who could reach it.
 */
import type { FastifyInstance } from 'fastify';
import type { PluginGroup } from '../config/types.js';
import { PluginCallError, WebhookRequestError } from '../errors.js';
import type { SourceScheduler } from '../events/scheduler.js';
import type { Logger } from '../logging.js';
import { bearerToken, secretsEqual, signatureMatches } from './auth.js';
import { sendError } from './problem.js';

export const MAX_WEBHOOK_BODY = 1024 * 1024;
const DEFAULT_HMAC_HEADER = 'x-hub-signature-256';

export interface WebhookRouteDeps {
  sources: readonly PluginGroup[];
  scheduler: SourceScheduler;
  logger: Logger;
}

/** Why a request is not let in, or undefined when it is. */
function refusal(group: PluginGroup, headers: Record<string, string | string[] | undefined>, body: Buffer): string | undefined {
  const auth = group.webhook;
  if (!auth?.bearerToken && !auth?.hmacSecret)
    return `the webhook of source group '${group.name}' has no credentials configured: set sources.${group.name}.webhook.bearerToken or .hmacSecret`;
  const header = (name: string): string | undefined => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
  const token = bearerToken(header('authorization'));
  if (auth.bearerToken && token !== undefined && secretsEqual(token, auth.bearerToken)) return undefined;
  if (auth.hmacSecret && signatureMatches(body, auth.hmacSecret, header(auth.hmacHeader ?? DEFAULT_HMAC_HEADER)))
    return undefined;
  return auth.hmacSecret && auth.bearerToken
    ? 'a valid bearer token or body signature is required'
    : auth.hmacSecret
      ? `a valid HMAC-SHA256 signature of the body is required in ${auth.hmacHeader ?? 'X-Hub-Signature-256'}`
      : 'a valid bearer token is required: Authorization: Bearer <token>';
}

export function registerWebhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): void {
  const groups = new Map(deps.sources.map((group) => [group.name, group]));
  app.register(async (scope) => {
    // The signature covers the bytes as sent: read every body raw.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BODY }, (_request, body, done) =>
      done(null, body),
    );

    scope.post('/sources/v1/:source', async (request, reply) => {
      const { source } = request.params as { source: string };
      const group = groups.get(source);
      if (!group) return sendError(reply, 404, 'CHATKUBE_ERR_UNKNOWN_SOURCE', `there is no source group named '${source}'`);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const refused = refusal(group, request.headers, body);
      if (refused) return sendError(reply, 401, 'CHATKUBE_ERR_UNAUTHORIZED', refused);
      try {
        const events = await deps.scheduler.handleWebhook(source, body);
        return { success: true, events: events.length };
      } catch (error) {
        if (error instanceof WebhookRequestError) return sendError(reply, error.status, error.code, error.message);
        // The plugin refused the payload: its words, as a bad request.
        if (error instanceof PluginCallError) return sendError(reply, 400, 'CHATKUBE_ERR_WEBHOOK_PAYLOAD', error.message);
        deps.logger.warn({ err: error, source }, 'incoming webhook failed');
        const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        return sendError(reply, 500, 'CHATKUBE_ERR_WEBHOOK_FAILED', `the source could not handle the request: ${message}`);
      }
    });
  });
}
