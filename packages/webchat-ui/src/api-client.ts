/**
 * The client of the agent's web chat API. When the agent asks for a token
 * (401), the client asks the person through its token source and retries.
 */
import { WebchatApiError, WebchatNetworkError } from './errors.js';
import type { ChannelInfo, ChatEntry, OutgoingCommand } from './types.js';

/** Where the client gets the access token from. */
export interface TokenSource {
  /** The token to send, if one is known. */
  current(): string | undefined;
  /** Asks for a token after a 401; `rejected` tells whether one was sent and refused. */
  request(rejected: boolean): Promise<string>;
}

export interface WebchatApiClientOptions {
  /** The page's URL: the API lives at `api/v1/webchat/` next to it. */
  pageUrl: string;
  tokens: TokenSource;
  /** For tests; the browser's `fetch` otherwise. */
  fetch?: typeof fetch;
}

export class WebchatApiClient {
  readonly #base: URL;
  readonly #tokens: TokenSource;
  readonly #fetch: typeof fetch;

  constructor(options: WebchatApiClientOptions) {
    // Relative to the page, so the UI also works behind a proxy that serves it under a path.
    this.#base = new URL('api/v1/webchat/', options.pageUrl);
    this.#tokens = options.tokens;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The channels of the web chat. */
  channels(): Promise<ChannelInfo[]> {
    return this.#request<ChannelInfo[]>('GET', 'channels');
  }

  /** A channel's history in order, or only the entries after `after`. */
  async history(channel: string, after?: string): Promise<ChatEntry[]> {
    const query = after === undefined ? '' : `?after=${encodeURIComponent(after)}`;
    const answer = await this.#request<{ messages: ChatEntry[] }>('GET', `${channelPath(channel)}/messages${query}`);
    return answer.messages;
  }

  /** Sends a command; resolves with the id of the user entry the agent created. */
  async send(channel: string, command: OutgoingCommand): Promise<string> {
    const answer = await this.#request<{ id: string }>('POST', `${channelPath(channel)}/messages`, command);
    return answer.id;
  }

  /** The WebSocket URL, with the token in the query because browsers cannot set its headers. */
  socketUrl(): string {
    const url = new URL('ws', this.#base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const token = this.#tokens.current();
    if (token !== undefined) url.searchParams.set('token', token);
    return url.href;
  }

  async #request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.#base).href;
    for (;;) {
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = this.#tokens.current();
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await this.#fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      } catch (error) {
        throw new WebchatNetworkError(`cannot reach the agent (${method} ${path}): ${String(error)}`, { cause: error });
      }
      const text = await response.text();
      if (response.status === 401) {
        await this.#tokens.request(token !== undefined);
        continue;
      }
      if (!response.ok) throw apiError(response.status, response.statusText, text);
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new WebchatNetworkError(`the agent answered ${method} ${path} with something that is not JSON`, { cause: error });
      }
    }
  }
}

function channelPath(channel: string): string {
  return `channels/${encodeURIComponent(channel)}`;
}

/** The error an API answer describes: the agent's `{"error": {code, message}}` when it sent one. */
export function apiError(status: number, statusText: string, body: string): WebchatApiError {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (typeof error?.code === 'string' && typeof error.message === 'string')
      return new WebchatApiError(error.code, error.message, status);
  } catch {
    // Not JSON: described below from the status and the start of the body.
  }
  const excerpt = body.trim().slice(0, 200);
  return new WebchatApiError(
    'CHATKUBE_ERR_WEBCHAT_HTTP',
    `the agent answered ${status}${statusText ? ` ${statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`,
    status,
  );
}
