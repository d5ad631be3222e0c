/**
 * The lean gRPC server's protocol edges, with node:http2 as the client:
 * what the e2e suites (real hosts, well-formed calls) never send.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { h2, health } from '@chatkube/proto';
import { ConfigYamlError } from '../src/errors.js';
import { GrpcServer, MAX_REQUEST_BYTES } from '../src/grpc-server.js';
import { defineService } from '../src/grpc-service.js';

const { FrameReader, GrpcStatusError, Status, frame } = h2;

/** Methods whose messages are raw bytes, so a test controls every byte on the wire. */
const method = <Req extends boolean, Res extends boolean>(name: string, requestStream: Req, responseStream: Res) => ({
  path: `/test.Raw/${name}`,
  requestStream,
  responseStream,
  requestDeserialize: (bytes: Buffer) => bytes,
  responseSerialize: (message: Buffer) => message,
});
const RawService = {
  echo: method('Echo', false, false),
  fail: method('Fail', false, false),
  wait: method('Wait', false, false),
  flood: method('Flood', false, true),
  sendThenFail: method('SendThenFail', false, true),
  hang: method('Hang', false, true),
  echoEach: method('EchoEach', true, true),
};

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** What the handlers saw, for the tests to look at. */
const seen = { waitStarted: deferred<void>(), waitAborted: deferred<unknown>(), floodSent: 0, hangStarted: deferred<void>() };

const raw = defineService(RawService, {
  echo: (request) => request,
  fail: (request) => {
    const kind = request.toString();
    if (kind === 'status') throw new GrpcStatusError(Status.INVALID_ARGUMENT, 'bad argument: ünïcode');
    if (kind === 'config') throw new ConfigYamlError('config 1 of 1 is not valid YAML');
    throw new Error('plain failure');
  },
  wait: (_request, { signal }) =>
    new Promise((resolve) => {
      seen.waitStarted.resolve();
      signal.addEventListener('abort', () => {
        seen.waitAborted.resolve(signal.reason);
        resolve(Buffer.alloc(0));
      });
    }),
  async flood(_request, call) {
    const chunk = Buffer.alloc(16 * 1024);
    // Bounded, so that without backpressure the test fails instead of starving its own event loop.
    while (!call.signal.aborted && seen.floodSent < 10_000) {
      await call.send(chunk);
      seen.floodSent++;
    }
  },
  async sendThenFail(request, call) {
    await call.send(request);
    throw new Error('failed after one message');
  },
  async hang(_request, call) {
    seen.hangStarted.resolve();
    await new Promise((resolve) => call.signal.addEventListener('abort', resolve));
  },
  async echoEach(requests, call) {
    for await (const request of requests) await call.send(request);
  },
});
const healthService = defineService(health.HealthService, {
  check: () => ({ status: health.HealthCheckResponse_ServingStatus.SERVING }),
  watch: async () => {},
});

const connect = (path: string): ClientHttp2Session =>
  http2.connect('http://localhost', { createConnection: () => net.connect(path) });

interface Answer {
  headers: IncomingHttpHeaders;
  messages: Buffer[];
  status: number;
  message: string;
}

/** Reads a call's answer: its messages, then its status from the trailers (or the trailers-only headers). */
function answer(stream: ClientHttp2Stream): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const reader = new FrameReader(Number.MAX_SAFE_INTEGER);
    const messages: Buffer[] = [];
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    stream.on('response', (h) => {
      headers = h;
    });
    stream.on('trailers', (t) => {
      trailers = t;
    });
    stream.on('data', (chunk: Buffer) => messages.push(...reader.push(chunk)));
    stream.on('error', reject);
    stream.on('close', () => {
      const status = trailers['grpc-status'] ?? headers['grpc-status'];
      const message = trailers['grpc-message'] ?? headers['grpc-message'];
      resolve({ headers, messages, status: Number(status), message: h2.decodeGrpcMessage(message) });
    });
  });
}

describe('the lean gRPC server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatkube-grpc-'));
  const server = new GrpcServer([raw, healthService]);
  const small = new GrpcServer([raw], 1024);
  let session: ClientHttp2Session;
  let smallSession: ClientHttp2Session;

  const open = (path: string, on = session): ClientHttp2Stream =>
    on.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
  const unary = (path: string, request: Buffer, on = session): Promise<Answer> => {
    const stream = open(path, on);
    stream.end(frame(request));
    return answer(stream);
  };

  before(async () => {
    await server.listen(join(dir, 'server.sock'));
    await small.listen(join(dir, 'small.sock'));
    session = connect(join(dir, 'server.sock'));
    smallSession = connect(join(dir, 'small.sock'));
  });
  after(async () => {
    session.close();
    smallSession.close();
    await Promise.all([server.close(), small.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a unary call with its message and OK in the trailers', async () => {
    const { headers, messages, status } = await unary(RawService.echo.path, Buffer.from('hi'));
    assert.equal(headers['content-type'], 'application/grpc');
    assert.equal(status, Status.OK);
    assert.deepEqual(messages, [Buffer.from('hi')]);
  });

  it('answers an unknown method with UNIMPLEMENTED, naming it', async () => {
    const { status, message, messages } = await unary('/test.Raw/Nope', Buffer.alloc(0));
    assert.equal(status, Status.UNIMPLEMENTED);
    assert.equal(message, 'unknown method /test.Raw/Nope');
    assert.deepEqual(messages, []);
  });

  it('reassembles a request frame split over several DATA frames', async () => {
    const request = Buffer.from('a message that arrives in pieces');
    const bytes = frame(request);
    const stream = open(RawService.echo.path);
    const answered = answer(stream);
    for (const piece of [bytes.subarray(0, 2), bytes.subarray(2, 7), bytes.subarray(7, 20), bytes.subarray(20)]) {
      stream.write(piece);
      await delay(5);
    }
    stream.end();
    const { status, messages } = await answered;
    assert.equal(status, Status.OK);
    assert.deepEqual(messages, [request]);
  });

  it('answers a request that ends before its message with INTERNAL', async () => {
    const stream = open(RawService.echo.path);
    stream.end(frame(Buffer.from('cut short')).subarray(0, 8));
    const { status, message } = await answer(stream);
    assert.equal(status, Status.INTERNAL);
    assert.equal(message, 'the request ended before its message');
  });

  it('answers a request it cannot decode with INTERNAL', async () => {
    const { status, message } = await unary(health.HealthService.check.path, Buffer.from([0xff, 0xff, 0xff]));
    assert.equal(status, Status.INTERNAL);
    assert.match(message, /^cannot decode the \/grpc\.health\.v1\.Health\/Check request: /);
  });

  it('refuses a request above its limit with RESOURCE_EXHAUSTED as soon as the length prefix arrives', async () => {
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(MAX_REQUEST_BYTES + 1, 1);
    const stream = open(RawService.echo.path);
    stream.end(prefix);
    const { status, message } = await answer(stream);
    assert.equal(status, Status.RESOURCE_EXHAUSTED);
    assert.match(message, new RegExp(`limit of ${MAX_REQUEST_BYTES}`));
    // A client that sends the whole message anyway is answered the same, its bytes discarded.
    const sent = await unary(RawService.echo.path, Buffer.alloc(64 * 1024), smallSession);
    assert.equal(sent.status, Status.RESOURCE_EXHAUSTED);
  });

  it("ends a call with a handler's error: UNKNOWN, a status error's own code, INVALID_ARGUMENT for a bad config", async () => {
    const plain = await unary(RawService.fail.path, Buffer.from('plain'));
    assert.deepEqual([plain.status, plain.message, plain.messages], [Status.UNKNOWN, 'plain failure', []]);
    const status = await unary(RawService.fail.path, Buffer.from('status'));
    assert.deepEqual([status.status, status.message], [Status.INVALID_ARGUMENT, 'bad argument: ünïcode']);
    const config = await unary(RawService.fail.path, Buffer.from('config'));
    assert.equal(config.status, Status.INVALID_ARGUMENT);
  });

  it('sends the status in the trailers when a streaming handler fails after a message', async () => {
    const { messages, status, message } = await unary(RawService.sendThenFail.path, Buffer.from('one'));
    assert.deepEqual(messages, [Buffer.from('one')]);
    assert.deepEqual([status, message], [Status.UNKNOWN, 'failed after one message']);
  });

  it("aborts the handler's signal when the client cancels the call", async () => {
    const stream = open(RawService.wait.path);
    stream.end(frame(Buffer.alloc(0)));
    await seen.waitStarted.promise;
    stream.close(http2.constants.NGHTTP2_CANCEL);
    const reason = await seen.waitAborted.promise;
    assert.ok(reason instanceof GrpcStatusError);
    assert.equal(reason.code, Status.CANCELLED);
  });

  it('holds a handler that produces faster than its client reads, without starving the event loop', async () => {
    const stream = open(RawService.flood.path);
    stream.end(frame(Buffer.alloc(0)));
    stream.pause();
    await delay(200);
    const held = seen.floodSent;
    assert.ok(held > 0 && held < 64, `the handler sent ${held} messages of 16 KiB to a client that reads none`);
    stream.close(http2.constants.NGHTTP2_CANCEL);
  });

  it('streams requests to a handler until the client ends its side', async () => {
    const stream = open(RawService.echoEach.path);
    const answered = answer(stream);
    for (const text of ['a', 'b', 'c']) stream.write(frame(Buffer.from(text)));
    stream.end();
    const { status, messages } = await answered;
    assert.equal(status, Status.OK);
    assert.deepEqual(messages.map(String), ['a', 'b', 'c']);
  });

  it('serves many calls at once on one connection, each its own answer', async () => {
    const requests = Array.from({ length: 50 }, (_, i) => Buffer.from(`call ${i} `.repeat(i)));
    const answers = await Promise.all(requests.map((request) => unary(RawService.echo.path, request)));
    assert.deepEqual(
      answers.map(({ status, messages }) => [status, messages]),
      requests.map((request) => [Status.OK, [request]]),
    );
  });

  it('answers a client that pads its frames and keeps a small window, and answers its pings', async () => {
    const path = join(dir, 'server.sock');
    const client = http2.connect('http://localhost', {
      createConnection: () => net.connect(path),
      paddingStrategy: http2.constants.PADDING_STRATEGY_MAX,
      settings: { initialWindowSize: 1000 },
    });
    const request = Buffer.from(Array.from({ length: 2 * 1024 * 1024 }, (_, i) => (i * 13) % 256));
    const { status, messages } = await unary(RawService.echo.path, request, client);
    assert.equal(status, Status.OK);
    assert.deepEqual(messages, [request]);
    const echoed = await new Promise<Buffer>((resolve, reject) =>
      client.ping(Buffer.from('12345678'), (error, _ms, payload) => (error ? reject(error) : resolve(payload))),
    );
    assert.equal(echoed.toString(), '12345678');
    client.close();
  });

  it('tells idle clients to go away when it stops', async () => {
    const stopping = new GrpcServer([raw]);
    const path = join(dir, 'idle.sock');
    await stopping.listen(path);
    const client = connect(path);
    assert.equal((await unary(RawService.echo.path, Buffer.from('x'), client)).status, Status.OK);
    const goAway = new Promise<number>((resolve) => client.once('goaway', resolve));
    await stopping.close();
    assert.equal(await goAway, http2.constants.NGHTTP2_NO_ERROR);
    client.destroy();
  });

  it('ends open calls with UNAVAILABLE when it stops', async () => {
    const stopping = new GrpcServer([raw]);
    const path = join(dir, 'stopping.sock');
    await stopping.listen(path);
    const client = connect(path);
    const stream = open(RawService.hang.path, client);
    stream.end(frame(Buffer.alloc(0)));
    const answered = answer(stream);
    await seen.hangStarted.promise;
    const closed = stopping.close();
    const { status, message } = await answered;
    assert.deepEqual([status, message], [Status.UNAVAILABLE, 'the plugin is stopping']);
    await closed;
    client.close();
  });
});
