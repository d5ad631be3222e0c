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
const server = http2.createServer();
const reply = (stream: http2.ServerHttp2Stream, messages: Buffer[], status: number, message = ''): void => {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () =>
    stream.sendTrailers({ 'grpc-status': String(status), 'grpc-message': h2.encodeGrpcMessage(message) }),
  );
  for (const m of messages) stream.write(m);
  stream.end();
};

/** Each method path answers one way. */
server.on('stream', (stream, headers) => {
  stream.resume();
  const frame = h2.frame(Buffer.from('pong'));
  switch (headers[':path']) {
    case '/t/ok':
      // One message split over two DATA frames.
      return reply(stream, [frame.subarray(0, 3), frame.subarray(3)], 0);
    case '/t/error':
      return reply(stream, [], 2, 'it went wrong: 100% ü');
    case '/t/trailers-only':
      return stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'nope' },
        { endStream: true },
      );
    case '/t/two':
      return reply(stream, [frame, frame], 0);
    case '/t/big':
      return reply(stream, [h2.frame(Buffer.alloc(2048))], 0);
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

const transport = new UnaryTransport({ network: 'unix', address: socket, target: `unix:${socket}` }, 1024);
after(() => transport.close());
const call = (path: string, options: { deadline?: number; signal?: AbortSignal } = {}) =>
  transport.call(path, Buffer.from('ping'), { deadline: options.deadline ?? Date.now() + 5000, signal: options.signal });

describe('UnaryTransport', () => {
  it('reassembles the answer and reuses its session', async () => {
    assert.equal(String(await call('/t/ok')), 'pong');
    assert.equal(String(await call('/t/ok')), 'pong');
  });

  it('reports a status from trailers, decoding its message, and from trailers-only answers', async () => {
    await assert.rejects(call('/t/error'), { code: 2, details: 'it went wrong: 100% ü' });
    await assert.rejects(call('/t/trailers-only'), { code: 12, details: 'nope' });
  });

  it('refuses two messages, a message over the limit, and an answer without status', async () => {
    await assert.rejects(call('/t/two'), { code: 13, details: 'the plugin sent more than one response message' });
    await assert.rejects(call('/t/big'), { code: 8, details: 'a message of 2048 bytes, larger than the limit of 1024' });
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
