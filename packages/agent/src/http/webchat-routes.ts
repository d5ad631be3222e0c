/**
 * The web chat's HTTP API and WebSocket, the ones the browser UI uses
 * (documented in the README). With `settings.webchat.authToken` set, every
 * call needs `Authorization: Bearer <token>`, and the WebSocket `?token=`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WebSocketServer } from 'ws';
import type { ChannelDirectory } from '../agent/channel-directory.js';
import { MAX_COMMAND_LENGTH } from '../commands/index.js';
import type { Logger } from '../logging.js';
import type { CommandOrigin } from '../platforms/types.js';
import type { WebchatAdapter } from '../platforms/webchat/adapter.js';
import { bearerToken, secretsEqual } from './auth.js';
import { sendError } from './problem.js';
import { crossOriginRefusal } from './same-origin.js';

/** The origins a browser may claim; `automation` is the agent's own. */
const ORIGINS = new Set<CommandOrigin>(['typed', 'buttonClick', 'selectValueChange', 'multiSelectValueChange', 'plainTextInput']);
const MAX_USER_LENGTH = 64;
/** A WebSocket client this far behind is cut off rather than buffered for. */
const MAX_WS_BUFFER = 8 * 1024 * 1024;
const WS_PING_MS = 30_000;
const WS_PATH = '/api/v1/webchat/ws';
const WS_CLOSE_GRACE_MS = 1000;

export interface WebchatRouteDeps {
  adapter: WebchatAdapter;
  directory: ChannelDirectory;
  authToken: string | undefined;
  /** How long `?wait=true` waits before answering 504. */
  waitTimeoutMs: number;
  /** False once the agent is stopping: new commands are refused. */
  accepting(): boolean;
  logger: Logger;
}

interface PostBody {
  text: string;
  user: string;
  origin: CommandOrigin;
}

function parsePost(body: unknown): PostBody | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object {"text", "user", "origin"?}';
  const { text, user, origin = 'typed' } = body as Record<string, unknown>;
  if (typeof text !== 'string' || text.trim() === '') return '"text" must be a non-empty string: the command';
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_COMMAND_LENGTH) return `"text" is ${bytes} bytes long; a command may be at most ${MAX_COMMAND_LENGTH} bytes`;
  if (typeof user !== 'string' || user.trim() === '' || user.length > MAX_USER_LENGTH)
    return `"user" must be a non-empty string of at most ${MAX_USER_LENGTH} characters: who is typing`;
  if (typeof origin !== 'string' || !ORIGINS.has(origin as CommandOrigin))
    return `"origin" must be one of ${[...ORIGINS].join(', ')}; got ${JSON.stringify(origin)}`;
  return { text, user: user.trim(), origin: origin as CommandOrigin };
}

export function registerWebchatRoutes(app: FastifyInstance, deps: WebchatRouteDeps): void {
  const { adapter, directory } = deps;
  const authorized = (header: string | undefined): boolean => {
    if (!deps.authToken) return true;
    const token = bearerToken(header);
    return token !== undefined && secretsEqual(token, deps.authToken);
  };

  app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      const refused = crossOriginRefusal(request.headers, deps.authToken !== undefined);
      if (refused) return sendError(reply, 403, 'CHATKUBE_ERR_FORBIDDEN', refused);
      if (!authorized(request.headers.authorization))
        return sendError(
          reply,
          401,
          'CHATKUBE_ERR_UNAUTHORIZED',
          'this agent needs a token: send Authorization: Bearer <settings.webchat.authToken>',
        );
    });

    api.get('/api/v1/webchat/channels', async () =>
      adapter.channels().map((channel) => {
        const effective = directory.find('webchat', channel.group, channel.name);
        return {
          name: channel.name,
          bindings: effective?.bindings ?? { executors: [], sources: [] },
          notifications: !(effective?.notificationsDisabled ?? false),
        };
      }),
    );

    const channelOf = (request: FastifyRequest, reply: FastifyReply) => {
      const { name } = request.params as { name: string };
      const channel = adapter.channel(name);
      if (!channel) sendError(reply, 404, 'CHATKUBE_ERR_UNKNOWN_CHANNEL', `there is no web chat channel named '${name}'`);
      return channel;
    };

    api.get('/api/v1/webchat/channels/:name/messages', async (request, reply) => {
      const channel = channelOf(request, reply);
      if (!channel) return reply;
      const { after } = request.query as { after?: string };
      if (after !== undefined && !/^\d+$/.test(after))
        return sendError(
          reply,
          400,
          'CHATKUBE_ERR_BAD_REQUEST',
          `"after" must be a message id (a whole number), got ${JSON.stringify(after)}`,
        );
      return { messages: adapter.history.list(channel.name, after) };
    });

    api.post('/api/v1/webchat/channels/:name/messages', async (request, reply) => {
      const channel = channelOf(request, reply);
      if (!channel) return reply;
      const body = parsePost(request.body);
      if (typeof body === 'string') return sendError(reply, 400, 'CHATKUBE_ERR_BAD_REQUEST', body);
      if (!deps.accepting())
        return sendError(reply, 503, 'CHATKUBE_ERR_STOPPING', 'the agent is stopping; send the command again once it is back');
      const { entry, done } = adapter.post(channel, body.text, body.user, body.origin);
      const { wait } = request.query as { wait?: string };
      if (wait !== 'true' && wait !== '1') return reply.code(202).send({ id: entry.id });
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        done.then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), deps.waitTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (!finished)
        return sendError(
          reply,
          504,
          'CHATKUBE_ERR_TIMEOUT',
          `the command ${entry.id} is still running; its answers will appear in the channel`,
        );
      const replies = adapter.history.replies(channel.name, entry.id).flatMap((reply) => (reply.message ? [reply.message] : []));
      return { id: entry.id, replies };
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://agent');
    if (url.pathname !== WS_PATH) {
      socket.destroy();
      return;
    }
    const refused = crossOriginRefusal(request.headers, deps.authToken !== undefined);
    if (refused) {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ error: { code: 'CHATKUBE_ERR_FORBIDDEN', message: refused } })}`,
      );
      return;
    }
    const token = url.searchParams.get('token') ?? bearerToken(request.headers.authorization);
    if (deps.authToken && !(token && secretsEqual(token, deps.authToken))) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":{"code":"CHATKUBE_ERR_UNAUTHORIZED","message":"this agent needs a token: connect with ?token=<settings.webchat.authToken>"}}',
      );
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      let alive = true;
      const unsubscribe = adapter.subscribe((event) => {
        if (ws.bufferedAmount > MAX_WS_BUFFER) {
          deps.logger.warn('a web chat client cannot keep up; disconnecting it');
          ws.terminate();
          return;
        }
        ws.send(JSON.stringify(event));
      });
      const ping = setInterval(() => {
        if (!alive) {
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, WS_PING_MS);
      ping.unref();
      ws.on('pong', () => {
        alive = true;
      });
      // Clients only listen; whatever they send is ignored.
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
    });
  });
  // Before the server waits for its connections to end: an open WebSocket never would.
  app.addHook('preClose', async () => {
    for (const client of sockets.clients) client.close(1001, 'the agent is stopping');
    sockets.close();
    // A client that does not answer the close in time is cut off.
    const stragglers = [...sockets.clients];
    if (stragglers.length === 0) return;
    setTimeout(() => {
      for (const client of stragglers) client.terminate();
    }, WS_CLOSE_GRACE_MS).unref();
  });
}
