import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiError, type TokenSource, WebchatApiClient } from '../src/api-client.js';
import { WebchatApiError, WebchatNetworkError } from '../src/errors.js';

interface Call {
  url: string;
  method: string;
  authorization: string | undefined;
  body: string | undefined;
}

/** A fetch that answers from a list and records what was asked. */
function fakeFetch(answers: Array<Response | Error>) {
  const calls: Call[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      authorization: headers.authorization,
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}

/** Tokens from a list, with the asks recorded. */
function tokens(entered: string[]): TokenSource & { asks: boolean[] } {
  let current: string | undefined;
  const asks: boolean[] = [];
  return {
    asks,
    current: () => current,
    request: async (rejected) => {
      asks.push(rejected);
      current = entered.shift();
      if (current === undefined) throw new Error('no more tokens');
      return current;
    },
  };
}

describe('WebchatApiClient', () => {
  it('calls the API next to the page, encoding channel names', async () => {
    const { calls, fetch } = fakeFetch([json(200, []), json(200, { messages: [] }), json(202, { id: 'e7' })]);
    const api = new WebchatApiClient({ pageUrl: 'https://h.example/chat/index.html#ops', tokens: tokens([]), fetch });
    assert.deepEqual(await api.channels(), []);
    assert.deepEqual(await api.history('a b/c', 'e1'), []);
    assert.equal(await api.send('ops', { text: 'echo hi', user: 'alice', origin: 'typed' }), 'e7');
    assert.deepEqual(
      calls.map((c) => [c.method, c.url, c.body]),
      [
        ['GET', 'https://h.example/chat/api/v1/webchat/channels', undefined],
        ['GET', 'https://h.example/chat/api/v1/webchat/channels/a%20b%2Fc/messages?after=e1', undefined],
        [
          'POST',
          'https://h.example/chat/api/v1/webchat/channels/ops/messages',
          '{"text":"echo hi","user":"alice","origin":"typed"}',
        ],
      ],
    );
  });

  it('after a 401 asks for a token and retries with it; a refused token is asked for again', async () => {
    const unauthorized = () => json(401, { error: { code: 'CHATKUBE_ERR_WEBCHAT_UNAUTHORIZED', message: 'token' } });
    const { calls, fetch } = fakeFetch([unauthorized(), unauthorized(), json(200, [{ name: 'ops' }])]);
    const source = tokens(['wrong', 'right']);
    const api = new WebchatApiClient({ pageUrl: 'http://127.0.0.1:1/', tokens: source, fetch });
    assert.deepEqual(await api.channels(), [{ name: 'ops' }]);
    assert.deepEqual(
      calls.map((c) => c.authorization),
      [undefined, 'Bearer wrong', 'Bearer right'],
    );
    assert.deepEqual(source.asks, [false, true], 'the second ask says the token was refused');
  });

  it('puts the token in the WebSocket URL, with ws: or wss: like the page', () => {
    const source = tokens([]);
    source.current = () => 'a b&c';
    const plain = new WebchatApiClient({ pageUrl: 'http://h:8080/', tokens: source, fetch: fakeFetch([]).fetch });
    assert.equal(plain.socketUrl(), 'ws://h:8080/api/v1/webchat/ws?token=a+b%26c');
    const secure = new WebchatApiClient({ pageUrl: 'https://h/x/', tokens: tokens([]), fetch: fakeFetch([]).fetch });
    assert.equal(secure.socketUrl(), 'wss://h/x/api/v1/webchat/ws');
  });

  it("turns the agent's error JSON into an error with its code, message and status", async () => {
    const { fetch } = fakeFetch([
      json(404, { error: { code: 'CHATKUBE_ERR_WEBCHAT_UNKNOWN_CHANNEL', message: 'no channel x' } }),
    ]);
    const api = new WebchatApiClient({ pageUrl: 'http://h/', tokens: tokens([]), fetch });
    await assert.rejects(api.send('x', { text: 'a', user: 'b', origin: 'typed' }), (error: unknown) => {
      assert.ok(error instanceof WebchatApiError);
      assert.deepEqual([error.code, error.message, error.status], ['CHATKUBE_ERR_WEBCHAT_UNKNOWN_CHANNEL', 'no channel x', 404]);
      return true;
    });
  });

  it('names the call when the agent cannot be reached or does not answer JSON', async () => {
    const { fetch } = fakeFetch([new TypeError('fetch failed'), new Response('<html>', { status: 200 })]);
    const api = new WebchatApiClient({ pageUrl: 'http://h/', tokens: tokens([]), fetch });
    await assert.rejects(api.channels(), (error: unknown) => {
      assert.ok(error instanceof WebchatNetworkError);
      assert.equal(error.code, 'CHATKUBE_ERR_WEBCHAT_NETWORK');
      assert.match(error.message, /^cannot reach the agent \(GET channels\): TypeError: fetch failed$/);
      return true;
    });
    await assert.rejects(api.channels(), {
      code: 'CHATKUBE_ERR_WEBCHAT_NETWORK',
      message: /GET channels with something that is not JSON/,
    });
  });
});

describe('apiError', () => {
  it('describes an answer that is not the error JSON by its status and the start of its body', () => {
    const error = apiError(502, 'Bad Gateway', `<h1>proxy down</h1>${'x'.repeat(300)}`);
    assert.equal(error.code, 'CHATKUBE_ERR_WEBCHAT_HTTP');
    assert.equal(error.status, 502);
    assert.equal(error.message, `the agent answered 502 Bad Gateway: <h1>proxy down</h1>${'x'.repeat(181)}`);
    assert.equal(apiError(500, '', '').message, 'the agent answered 500');
    assert.equal(apiError(400, '', '{"error":{"code":1}}').code, 'CHATKUBE_ERR_WEBCHAT_HTTP', 'a code that is not a string');
  });
});
