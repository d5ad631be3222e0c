/**
 * A stand-in for the agent's web chat API (HTTP + WebSocket, in memory), so
 * the browser UI can be tested before the agent serves it. It follows the
 * contract the agent implements: the same paths, JSON, status codes, error
 * shape and token rules. The hooks under "test controls" have no agent
 * counterpart; they let a test push notifications and break things on purpose.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Message } from '@chatkube/api';
import { type WebSocket, WebSocketServer } from 'ws';

export type CommandOrigin = 'typed' | 'buttonClick' | 'selectValueChange' | 'multiSelectValueChange' | 'plainTextInput';
const ORIGINS: ReadonlySet<string> = new Set([
  'typed',
  'buttonClick',
  'selectValueChange',
  'multiSelectValueChange',
  'plainTextInput',
]);

export interface StubChannel {
  name: string;
  bindings: { executors: string[]; sources: string[] };
  notifications: boolean;
}

export interface ChatEntry {
  id: string;
  channel: string;
  time: string;
  author: { kind: 'user' | 'bot'; name: string };
  replyTo?: string;
  streaming?: boolean;
  text?: string;
  message?: Message;
}

/** A command as it reached the API. */
export interface ReceivedCommand {
  channel: string;
  text: string;
  user: string;
  origin: CommandOrigin;
}

export interface WebchatApiStubOptions {
  /** The built UI (index.html, app.js, app.css), served at `/`. */
  staticDir: string;
  channels: StubChannel[];
  /** Require this bearer token (`?token=` on the WebSocket), as the agent does beyond loopback. */
  token?: string;
  /** The bot's answer to a command; by default `echo …` answers like the echo plugin, anything else is unknown. */
  answer?: (command: ReceivedCommand) => Message | undefined;
}

const API = '/api/v1/webchat/';
const STATIC: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
};
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

function echoAnswer(command: ReceivedCommand): Message {
  if (/^echo(\s|$)/.test(command.text)) return { type: 'baseBodyWithFilter', baseBody: { codeBlock: command.text } };
  return { baseBody: { plaintext: `Command \`${command.text}\` is not known here. Try \`echo hello\`.` } };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class WebchatApiStub {
  /** Where the page is, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  /** Every command the API accepted, in order. */
  readonly received: ReceivedCommand[] = [];
  /** WebSocket upgrades refused for a missing or wrong token. */
  refusedSockets = 0;

  readonly #options: WebchatApiStubOptions;
  readonly #server: Server;
  readonly #sockets = new WebSocketServer({ noServer: true });
  readonly #history = new Map<string, ChatEntry[]>();
  readonly #waiters: Array<{ match: (c: ReceivedCommand) => boolean; resolve: (c: ReceivedCommand) => void }> = [];
  #nextId = 1;
  #failNext: HttpError | undefined;
  #refuseSockets = false;

  private constructor(options: WebchatApiStubOptions, server: Server) {
    this.#options = options;
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (const channel of options.channels) this.#history.set(channel.name, []);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (error instanceof HttpError) sendError(response, error);
        else sendError(response, new HttpError(500, 'CHATKUBE_ERR_WEBCHAT_INTERNAL', String(error)));
      });
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(request, socket, head));
  }

  static async start(options: WebchatApiStubOptions): Promise<WebchatApiStub> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new WebchatApiStub(options, server);
  }

  async close(): Promise<void> {
    for (const client of this.#sockets.clients) client.terminate();
    this.#sockets.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ---- test controls ----

  /** Resolves with the first command (already received or still to come) that `match` accepts. */
  waitForCommand(match: (command: ReceivedCommand) => boolean): Promise<ReceivedCommand> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** Adds a bot entry (a notification unless `replyTo` is given) and pushes it. */
  post(channel: string, message: Message, extra: { replyTo?: string; streaming?: boolean } = {}): ChatEntry {
    const entry: ChatEntry = {
      id: `e${this.#nextId++}`,
      channel,
      time: new Date().toISOString(),
      author: { kind: 'bot', name: 'chatkube' },
      ...(extra.replyTo === undefined ? {} : { replyTo: extra.replyTo }),
      ...(extra.streaming ? { streaming: true } : {}),
      message,
    };
    this.#append(entry);
    return entry;
  }

  /** Replaces a bot entry's message (streamed output) and pushes `message.updated`. */
  update(id: string, message: Message, extra: { streaming?: boolean } = {}): ChatEntry {
    for (const entries of this.#history.values()) {
      const index = entries.findIndex((e) => e.id === id);
      const old = entries[index];
      if (old === undefined) continue;
      const { streaming: _dropped, ...rest } = old;
      const entry: ChatEntry = { ...rest, message, ...(extra.streaming ? { streaming: true } : {}) };
      entries[index] = entry;
      this.#push({ type: 'message.updated', channel: entry.channel, message: entry });
      return entry;
    }
    throw new Error(`no entry ${id}`);
  }

  /** The next POST of a command fails with this error, as the agent's error JSON. */
  failNextSend(status: number, code: string, message: string): void {
    this.#failNext = new HttpError(status, code, message);
  }

  /** Closes every WebSocket; with `refuse`, new ones are refused until called again with `false`. */
  dropSockets(refuse: boolean): void {
    this.#refuseSockets = refuse;
    for (const client of this.#sockets.clients) client.terminate();
  }

  // ---- the API ----

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stub');
    const file = STATIC[url.pathname];
    if (request.method === 'GET' && file !== undefined) {
      const body = await readFile(join(this.#options.staticDir, file));
      response.writeHead(200, { 'content-type': CONTENT_TYPES[file] ?? 'application/octet-stream' }).end(body);
      return;
    }
    if (!url.pathname.startsWith(API)) throw new HttpError(404, 'CHATKUBE_ERR_WEBCHAT_NOT_FOUND', `no ${url.pathname} here`);
    if (!this.#authorized(request.headers.authorization?.replace(/^Bearer /, '')))
      throw new HttpError(401, 'CHATKUBE_ERR_WEBCHAT_UNAUTHORIZED', 'a valid bearer token is required');
    const parts = url.pathname.slice(API.length).split('/').map(decodeURIComponent);
    if (request.method === 'GET' && parts.length === 1 && parts[0] === 'channels') {
      sendJson(response, 200, this.#options.channels);
      return;
    }
    if (parts.length === 3 && parts[0] === 'channels' && parts[2] === 'messages') {
      const channel = parts[1] ?? '';
      const history = this.#history.get(channel);
      if (history === undefined) throw new HttpError(404, 'CHATKUBE_ERR_WEBCHAT_UNKNOWN_CHANNEL', `no channel ${channel}`);
      if (request.method === 'GET') {
        sendJson(response, 200, { messages: after(history, url.searchParams.get('after')) });
        return;
      }
      if (request.method === 'POST') {
        await this.#command(channel, await readJson(request), url.searchParams.get('wait') === 'true', response);
        return;
      }
    }
    throw new HttpError(404, 'CHATKUBE_ERR_WEBCHAT_NOT_FOUND', `no ${request.method} ${url.pathname} here`);
  }

  async #command(channel: string, body: unknown, wait: boolean, response: ServerResponse): Promise<void> {
    const command = parseCommand(channel, body);
    if (this.#failNext) {
      const failure = this.#failNext;
      this.#failNext = undefined;
      throw failure;
    }
    this.received.push(command);
    for (const waiter of this.#waiters.filter((w) => w.match(command))) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(command);
    }
    const entry: ChatEntry = {
      id: `e${this.#nextId++}`,
      channel,
      time: new Date().toISOString(),
      author: { kind: 'user', name: command.user },
      text: command.text,
    };
    this.#append(entry);
    const answer = (this.#options.answer ?? echoAnswer)(command);
    if (wait) {
      const replies = answer ? [this.post(channel, answer, { replyTo: entry.id })] : [];
      sendJson(response, 200, { id: entry.id, replies });
      return;
    }
    sendJson(response, 202, { id: entry.id });
    // The answer comes after the 202, as an executor's does.
    if (answer) setImmediate(() => this.post(channel, answer, { replyTo: entry.id }));
  }

  #append(entry: ChatEntry): void {
    const history = this.#history.get(entry.channel);
    if (history === undefined) throw new Error(`no channel ${entry.channel}`);
    history.push(entry);
    this.#push({ type: 'message.created', channel: entry.channel, message: entry });
  }

  #push(frame: { type: 'message.created' | 'message.updated'; channel: string; message: ChatEntry }): void {
    const data = JSON.stringify(frame);
    for (const client of this.#sockets.clients) if (client.readyState === client.OPEN) client.send(data);
  }

  #authorized(token: string | null | undefined): boolean {
    return this.#options.token === undefined || token === this.#options.token;
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://stub');
    let refusal: string | undefined;
    if (url.pathname !== `${API}ws`) refusal = '404 Not Found';
    else if (!this.#authorized(url.searchParams.get('token'))) {
      this.refusedSockets++;
      refusal = '401 Unauthorized';
    } else if (this.#refuseSockets) refusal = '503 Service Unavailable';
    if (refusal !== undefined) reject(socket, refusal);
    else this.#sockets.handleUpgrade(request, socket, head, (client: WebSocket) => this.#sockets.emit('connection', client));
  }
}

/** The entries after the one with id `afterId`; an unknown id is an error, as the agent's is. */
function after(history: readonly ChatEntry[], afterId: string | null): ChatEntry[] {
  if (afterId === null) return [...history];
  const index = history.findIndex((e) => e.id === afterId);
  if (index < 0) throw new HttpError(400, 'CHATKUBE_ERR_WEBCHAT_UNKNOWN_MESSAGE', `no message ${afterId} in this channel`);
  return history.slice(index + 1);
}

function parseCommand(channel: string, body: unknown): ReceivedCommand {
  const value = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof value.text !== 'string' || value.text.trim() === '')
    throw new HttpError(400, 'CHATKUBE_ERR_WEBCHAT_BAD_REQUEST', 'text must be a non-empty string');
  if (typeof value.user !== 'string' || value.user.trim() === '')
    throw new HttpError(400, 'CHATKUBE_ERR_WEBCHAT_BAD_REQUEST', 'user must be a non-empty string');
  const origin = value.origin ?? 'typed';
  if (typeof origin !== 'string' || !ORIGINS.has(origin))
    throw new HttpError(400, 'CHATKUBE_ERR_WEBCHAT_BAD_REQUEST', `origin must be one of ${[...ORIGINS].join(', ')}`);
  return { channel, text: value.text, user: value.user, origin: origin as CommandOrigin };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'CHATKUBE_ERR_WEBCHAT_BAD_REQUEST', 'the body is not JSON');
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}

function sendError(response: ServerResponse, error: HttpError): void {
  sendJson(response, error.status, { error: { code: error.code, message: error.message } });
}

function reject(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
