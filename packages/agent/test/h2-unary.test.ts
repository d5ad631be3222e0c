import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { h2 } from '@chatkube/proto';
import { UnaryTransport } from '../src/plugins/host/h2-unary.js';

const dir = mkdtempSync(join(tmpdir(), 'chatkube-h2-'));
const socket = join(dir, 'server.sock');
// Few concurrent streams and a small window, so that the transport must queue calls and pace large requests.
const server = http2.createServer({ settings: { maxConcurrentStreams: 4, initialWindowSize: 4096 } });
let goAwayNext = false;
const reply = (stream: http2.ServerHttp2Stream, messages: Buffer[], status: number, message = ''): void => {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () =>
    stream.sendTrailers({ 'grpc-status': String(status), 'grpc-message': h2.encodeGrpcMessage(message) }),
  );
  for (const m of messages) stream.write(m);
  stream.end();
};

/** Answers the request message reversed, after a delay it names: calls overlap and end out of order. */
function echo(stream: http2.ServerHttp2Stream): void {
  const reader = new h2.FrameReader(64 * 1024 * 1024);
  stream.on('data', (chunk: Buffer) => {
    for (const message of reader.push(chunk)) {
      const delay = message.length < 8 ? Number(String(message)) : 0;
      setTimeout(() => reply(stream, [h2.frame(Buffer.from(message).reverse())], 0), delay);
    }
  });
}

/** Each method path answers one way. */
server.on('stream', (stream, headers) => {
  stream.on('error', () => {}); // node reports its own resets as errors
  const frame = h2.frame(Buffer.from('pong'));
  if (headers[':path'] === '/t/echo') return echo(stream);
  stream.resume();
  if (goAwayNext) {
    // Refuse this stream as unprocessed: the transport must retry it on a new connection.
    goAwayNext = false;
    stream.session?.goaway(http2.constants.NGHTTP2_NO_ERROR, (stream.id ?? 1) - 2);
    return;
  }
  switch (headers[':path']) {
    case '/t/ok':
      // One message split over two DATA frames.
      return reply(stream, [frame.subarray(0, 3), frame.subarray(3)], 0);
    case '/t/error':
      return reply(stream, [], 2, 'it went wrong: 100% ü');
    case '/t/long-error':
      return reply(stream, [], 3, `${'a long message, Huffman-coded by nghttp2 '.repeat(100)}€`);
    case '/t/reset':
      return stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    case '/t/http-500':
      return stream.respond({ ':status': 500 }, { endStream: true });
    case '/t/trailers-only':
      return stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'nope' },
        { endStream: true },
      );
    case '/t/two':
      return reply(stream, [frame, frame], 0);
    case '/t/big':
      return reply(stream, [h2.frame(Buffer.alloc(5 * 1024 * 1024))], 0);
    case '/t/no-status':
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
      return stream.end();
    default:
      return; // never answers
  }
});
before(() => new Promise<void>((resolve) => server.listen(socket, resolve)));
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const transport = new UnaryTransport({ network: 'unix', address: socket, target: `unix:${socket}` }, 4 * 1024 * 1024);
after(() => transport.close());
const call = (path: string, options: { deadline?: number; signal?: AbortSignal; request?: Buffer } = {}) =>
  transport.call(path, options.request ?? Buffer.from('ping'), {
    deadline: options.deadline ?? Date.now() + 5000,
    signal: options.signal,
  });

describe('UnaryTransport', () => {
  it('reassembles the answer and reuses its session', async () => {
    assert.equal(String(await call('/t/ok')), 'pong');
    assert.equal(String(await call('/t/ok')), 'pong');
  });

  it('reports a status from trailers, decoding its message, and from trailers-only answers', async () => {
    await assert.rejects(call('/t/error'), { code: 2, details: 'it went wrong: 100% ü' });
    await assert.rejects(call('/t/trailers-only'), { code: 12, details: 'nope' });
    await assert.rejects(call('/t/long-error'), {
      code: 3,
      details: `${'a long message, Huffman-coded by nghttp2 '.repeat(100)}€`,
    });
  });

  it('reports a reset, an HTTP error, and a connection that failed', async () => {
    await assert.rejects(call('/t/reset'), { code: 14, details: /reset the stream \(INTERNAL_ERROR\)/ });
    await assert.rejects(call('/t/http-500'), { code: 2, details: 'the plugin answered HTTP 500' });
    const nowhere = new UnaryTransport({ network: 'unix', address: join(dir, 'missing.sock'), target: '' }, 1024);
    await assert.rejects(nowhere.call('/t/ok', Buffer.from('x'), { deadline: Date.now() + 5000 }), {
      code: 14,
      details: /the connection failed: connect ENOENT/,
    });
  });

  it('runs many calls at once on one connection, queued beyond its stream limit, each getting its own answer', async () => {
    const delays = Array.from({ length: 40 }, (_, i) => String((i * 7) % 13));
    const answers = await Promise.all(delays.map((delay) => call('/t/echo', { request: Buffer.from(delay) })));
    assert.deepEqual(
      answers.map(String),
      delays.map((d) => [...d].reverse().join('')),
    );
  });

  it("sends a request larger than the plugin's window, and reads an answer of the same size", async () => {
    const request = Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => i % 251));
    const answer = await call('/t/echo', { request });
    assert.deepEqual(answer, Buffer.from(request).reverse());
  });

  it('retries on a new connection a call the plugin refused unprocessed with GOAWAY', async () => {
    assert.equal(String(await call('/t/ok')), 'pong');
    goAwayNext = true;
    assert.equal(String(await call('/t/ok')), 'pong');
    assert.equal(goAwayNext, false, 'the server did go away');
    assert.equal(String(await call('/t/ok')), 'pong');
  });

  it('refuses two messages, a message over the limit, and an answer without status', async () => {
    await assert.rejects(call('/t/two'), { code: 13, details: 'the plugin sent more than one response message' });
    await assert.rejects(call('/t/big'), {
      code: 8,
      details: 'a message of 5242880 bytes, larger than the limit of 4194304',
    });
    await assert.rejects(call('/t/no-status'), { code: 14 });
  });

  it('gives up at the deadline and when aborted', async () => {
    await assert.rejects(call('/t/silent', { deadline: Date.now() + 50 }), { code: 4 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(call('/t/silent', { signal: controller.signal }), { code: 1 });
    assert.equal(String(await call('/t/ok')), 'pong', 'the session survives cancelled calls');
  });
});
