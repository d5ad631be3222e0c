/** Every error the HTTP API answers is JSON: `{"error": {"code", "message"}}`. */
import type { FastifyReply } from 'fastify';

export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json').send({ error: { code, message } });
}
