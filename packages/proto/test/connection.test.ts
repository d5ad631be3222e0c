/**
 * Http2Connection as a client against node:http2's server (nghttp2): a real
 * HTTP/2 peer, which pads, splits header blocks, uses HPACK's dynamic table
 * and Huffman coding, pings, changes its settings and goes away on request.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { h2 } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'chatkube-h2c-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let servers = 0;

type StreamHandler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void;

/** A node:http2 server on a fresh unix socket, and a client connection to it; both closed when the test ends. */
async function setUp(
  onStream: StreamHandler,
  options: { server?: http2.ServerOptions; client?: Partial<h2.Http2ConnectionOptions> } = {},
) {
  const path = join(dir, `s${servers++}.sock`);
  const server = http2.createServer(options.server ?? {});
  const sessions: http2.ServerHttp2Session[] = [];
  server.on('session', (session) => sessions.push(session));
  server.on('stream', onStream);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  let closed: (error: Error | undefined) => void = () => {};
  const connectionClosed = new Promise<Error | undefined>((resolve) => {
    closed = resolve;
  });
  const connection = new h2.Http2Connection(net.connect(path), { role: 'client', ...options.client, onClose: closed });
  const session = async (): Promise<http2.ServerHttp2Session> => {
    while (sessions.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    return sessions[0] as http2.ServerHttp2Session;
  };
  const tearDown = () => {
    connection.destroy();
    for (const s of sessions) s.destroy();
    server.close();
  };
  return { connection, session, connectionClosed, tearDown };
}

interface Answer {
  headers: Record<string, string>;
  body: Buffer;
  trailers: Record<string, string>;
  error: h2.Http2StreamError | undefined;
}

/** Sends a POST with `body` and collects the answer until the stream closes. */
function request(connection: h2.Http2Connection, path: string, body?: Buffer, extra: [string, string][] = []): Promise<Answer> {
  return new Promise((resolve) => {
    const answer: Answer = { headers: {}, body: Buffer.alloc(0), trailers: {}, error: undefined };
    const chunks: Buffer[] = [];
    let headersSeen = false;
    const stream = connection.openStream({
      onHeaders(fields) {
        const target = headersSeen ? answer.trailers : answer.headers;
        headersSeen = true;
        for (const [name, value] of fields) target[name] = value;
      },
      onData: (data) => chunks.push(Buffer.from(data)),
      onClose(error) {
        answer.body = Buffer.concat(chunks);
        answer.error = error;
        resolve(answer);
      },
    });
    const fields: [string, string][] = [
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', path],
      [':authority', 'localhost'],
      ...extra,
    ];
    stream.sendHeaders(h2.encodeHeaders(fields), body === undefined);
    if (body !== undefined) stream.sendData(body, true);
  });
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Echoes the request body's length and hash in the response headers, then `size` octets of answer. */
const echoHash: StreamHandler = (stream, headers) => {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    const size = Number(headers['x-answer-size'] ?? 2);
    stream.respond({ ':status': 200, 'x-length': String(body.length), 'x-sha256': sha256(body) }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'x-done': 'yes' }));
    stream.end(Buffer.alloc(size, 'ab'));
  });
};

describe('Http2Connection (client) against node:http2', () => {
  it('exchanges settings, answers pings, and advertises large windows', async (t) => {
    const { connection, session, tearDown } = await setUp(echoHash);
    t.after(tearDown);
    const answer = await request(connection, '/a', Buffer.from('hello'));
    assert.equal(answer.headers[':status'], '200');
    assert.equal(answer.headers['x-sha256'], sha256(Buffer.from('hello')));
    assert.equal(answer.body.toString(), 'ab');
    assert.deepEqual(answer.trailers, { 'x-done': 'yes' });
    assert.equal(answer.error, undefined);

    const server = await session();
    assert.equal(server.remoteSettings.initialWindowSize, 16 * 1024 * 1024);
    assert.equal(server.remoteSettings.maxFrameSize, 1024 * 1024);
    assert.equal(server.remoteSettings.enablePush, false);
    assert.equal(server.state.remoteWindowSize, 64 * 1024 * 1024 - 2, 'the connection window, less the answer');
    const payload = await new Promise<Buffer>((resolve, reject) =>
      server.ping(Buffer.from('pingpong'), (error, _ms, echoed) => (error ? reject(error) : resolve(echoed))),
    );
    assert.equal(payload.toString(), 'pingpong');
    await new Promise<void>((resolve, reject) =>
      server.settings({ maxConcurrentStreams: 7 }, (error) => (error ? reject(error) : resolve())),
    );
    assert.equal(connection.peerSettings.maxConcurrentStreams, 7);
  });

  it("sends a large request within the server's windows, in frames of its size", async (t) => {
    const { connection, tearDown } = await setUp(echoHash, { server: { settings: { initialWindowSize: 1000 } } });
    t.after(tearDown);
    await request(connection, '/warm-up'); // the server's settings are known from here on
    const body = Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7) % 251));
    const answer = await request(connection, '/big', body);
    assert.equal(answer.headers['x-length'], String(body.length));
    assert.equal(answer.headers['x-sha256'], sha256(body));
  });

  it('gives back its windows as a large answer is read', async (t) => {
    const small = { initialWindowSize: 65_535, connectionWindowSize: 65_535 };
    // The server holds what our small windows keep back: give it the memory for that.
    const { connection, tearDown } = await setUp(echoHash, { client: small, server: { maxSessionMemory: 100 } });
    t.after(tearDown);
    const answers = await Promise.all(
      [0, 1, 2].map(() => request(connection, '/big', Buffer.alloc(0), [['x-answer-size', String(5 * 1024 * 1024)]])),
    );
    for (const answer of answers) {
      assert.equal(answer.error, undefined);
      assert.equal(answer.body.length, 5 * 1024 * 1024);
      assert.deepEqual(answer.body, Buffer.alloc(5 * 1024 * 1024, 'ab'));
    }
  });

  it('decodes padded frames, split header blocks, Huffman strings and indexed fields', async (t) => {
    const long = 'the quick brown fox '.repeat(2000);
    const { connection, tearDown } = await setUp(
      (stream) => {
        stream.respond({ ':status': 200, 'x-long': long, 'x-small': 'Grüße' });
        stream.end('padded');
      },
      { server: { paddingStrategy: http2.constants.PADDING_STRATEGY_MAX }, client: { maxFrameSize: 16_384 } },
    );
    t.after(tearDown);
    for (let i = 0; i < 3; i++) {
      const answer = await request(connection, '/p');
      assert.equal(answer.error, undefined);
      assert.equal(answer.headers['x-long'], long);
      assert.equal(answer.headers['x-small'], 'Grüße', 'node:http2 writes header values as latin1');
      assert.equal(answer.body.toString(), 'padded');
    }
  });

  it('ignores extension frames', async (t) => {
    const { connection, session, tearDown } = await setUp(echoHash);
    t.after(tearDown);
    await request(connection, '/a');
    (await session()).altsvc('h2=":8000"', 'http://localhost');
    const answer = await request(connection, '/b', Buffer.from('after ALTSVC'));
    assert.equal(answer.headers['x-sha256'], sha256(Buffer.from('after ALTSVC')));
  });

  it("respects the server's limit of concurrent streams", async (t) => {
    const { connection, tearDown } = await setUp(echoHash, { server: { settings: { maxConcurrentStreams: 2 } } });
    t.after(tearDown);
    await request(connection, '/warm-up');
    const first = request(connection, '/1', Buffer.from('1'));
    const second = request(connection, '/2', Buffer.from('2'));
    assert.equal(connection.canOpenStream, false);
    assert.equal(connection.draining, false);
    await Promise.all([first, second]);
    assert.equal(connection.canOpenStream, true);
  });

  it('ends streams a reset ends, telling refused ones apart', async (t) => {
    const { connection, tearDown } = await setUp((stream, headers) => {
      stream.on('error', () => {}); // node reports its own reset as an error
      stream.close(headers[':path'] === '/refuse' ? http2.constants.NGHTTP2_REFUSED_STREAM : http2.constants.NGHTTP2_CANCEL);
    });
    t.after(tearDown);
    const refused = await request(connection, '/refuse');
    assert.equal(refused.error?.errorCode, h2.ErrorCode.REFUSED_STREAM);
    assert.equal(refused.error?.unprocessed, true);
    const cancelled = await request(connection, '/cancel');
    assert.equal(cancelled.error?.errorCode, h2.ErrorCode.CANCEL);
    assert.equal(cancelled.error?.unprocessed, false);
    assert.match(cancelled.error?.message ?? '', /reset the stream \(CANCEL\)/);
  });

  it('on GOAWAY, ends the streams the server did not process and finishes the others', async (t) => {
    const held: http2.ServerHttp2Stream[] = [];
    const { connection, connectionClosed, tearDown } = await setUp((stream) => {
      stream.on('error', () => {}); // the server refuses the second stream, as its GOAWAY says
      held.push(stream);
      if (held.length < 2) return;
      stream.session?.goaway(http2.constants.NGHTTP2_NO_ERROR, held[0]?.id);
      held[0]?.respond({ ':status': 200 });
      held[0]?.end('done');
    });
    t.after(tearDown);
    const [first, second] = await Promise.all([
      request(connection, '/1', Buffer.from('1')),
      request(connection, '/2', Buffer.from('2')),
    ]);
    assert.equal(first.body.toString(), 'done');
    assert.equal(first.error, undefined);
    assert.equal(second.error?.unprocessed, true);
    assert.match(second.error?.message ?? '', /GOAWAY NO_ERROR.*before it processed the stream/);
    assert.equal(connection.draining, true);
    assert.equal(await connectionClosed, undefined, 'the connection ends cleanly once its last stream is done');
  });

  it('ends its streams when the connection is lost', async (t) => {
    const { connection, connectionClosed, tearDown } = await setUp((stream) => stream.session?.destroy());
    t.after(tearDown);
    const answer = await request(connection, '/x');
    assert.match(answer.error?.message ?? '', /the connection (closed|failed)/);
    await connectionClosed;
    assert.equal(connection.closed, true);
  });
});

describe('Http2Connection (client) against a peer that breaks the protocol', () => {
  it('ends the connection with a GOAWAY naming the error, failing its streams', async (t) => {
    const path = join(dir, 'raw.sock');
    const received: h2.Frame[] = [];
    const server = net.createServer((socket) => {
      const parser = new h2.FrameParser({
        maxFrameSize: 1 << 20,
        maxHeaderBlockSize: 1 << 20,
        expectPreface: true,
        onFrame: (f) => received.push(f),
      });
      socket.on('data', (chunk: Buffer) => parser.push(chunk));
      // A PING of 4 octets: a FRAME_SIZE_ERROR.
      socket.write(Buffer.concat([h2.settingsFrame([]), h2.frameWithPayload(h2.FrameType.PING, 0, 0, Buffer.alloc(4))]));
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    t.after(() => server.close());
    let closed: (error: Error | undefined) => void = () => {};
    const connectionClosed = new Promise<Error | undefined>((resolve) => {
      closed = resolve;
    });
    const connection = new h2.Http2Connection(net.connect(path), { role: 'client', onClose: closed });
    const answer = await request(connection, '/x');
    assert.equal(answer.error?.errorCode, h2.ErrorCode.FRAME_SIZE_ERROR);
    assert.match(answer.error?.message ?? '', /4 octets, not 8/);
    const error = await connectionClosed;
    assert.ok(error instanceof h2.Http2ConnectionError);
    while (!received.some((f) => f.type === h2.FrameType.GOAWAY)) await new Promise((resolve) => setTimeout(resolve, 5));
    const goAway = received.find((f) => f.type === h2.FrameType.GOAWAY);
    assert.equal(goAway?.payload.readUInt32BE(4), h2.ErrorCode.FRAME_SIZE_ERROR);
    assert.ok(
      received.some((f) => f.type === h2.FrameType.SETTINGS && f.flags & h2.Flag.ACK),
      'the SETTINGS were acknowledged first',
    );
  });
});

/** A server-role connection answering each stream with 100 writes of 1000 octets, and a raw client of it. */
async function serverWithRawClient(t: { after(fn: () => unknown): void }, clientSettings: Buffer[]) {
  const path = join(dir, `server-role-${servers++}.sock`);
  const server = net.createServer((socket) => {
    const connection = new h2.Http2Connection(socket, {
      role: 'server',
      onStream(stream) {
        stream.sendHeaders(h2.encodeHeaders([[':status', '200']]));
        for (let i = 0; i < 100; i++) stream.sendData(Buffer.alloc(1000, i));
        stream.sendData(Buffer.alloc(0), true);
        return { onHeaders() {}, onData() {}, onClose() {} };
      },
    });
    t.after(() => connection.destroy());
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => server.close());
  const frames: h2.Frame[] = [];
  const socket = net.connect(path);
  t.after(() => socket.destroy());
  const ended = new Promise<void>((resolve) => {
    const parser = new h2.FrameParser({
      maxFrameSize: 16_384,
      maxHeaderBlockSize: 1 << 20,
      onFrame(frame) {
        frames.push(frame);
        if (frame.type === h2.FrameType.DATA && frame.flags & h2.Flag.END_STREAM) resolve();
      },
    });
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
  });
  const request = h2.encodeHeaders([
    [':method', 'POST'],
    [':scheme', 'http'],
    [':path', '/x'],
  ]);
  socket.write(Buffer.concat([h2.CLIENT_PREFACE, ...clientSettings, h2.headersFrames(1, request, true, 16_384)]));
  const data = () => frames.filter((frame) => frame.type === h2.FrameType.DATA && frame.streamId === 1);
  return { socket, frames, data, ended };
}

const ANSWER = Buffer.concat(Array.from({ length: 100 }, (_, i) => Buffer.alloc(1000, i)));

describe('Http2Connection (server) under a raw client', () => {
  it("joins a stream's small writes of one turn into DATA frames no larger than the client allows", async (t) => {
    // Windows for the whole answer; the default frame size (16384) holds.
    const { frames, data, ended } = await serverWithRawClient(t, [
      h2.settingsFrame([[h2.SettingId.INITIAL_WINDOW_SIZE, 1 << 20]]),
      h2.windowUpdateFrame(0, 1 << 20),
    ]);
    await ended;
    assert.deepEqual(Buffer.concat(data().map((frame) => frame.payload)), ANSWER);
    assert.ok(data().length >= 7 && data().length < 20, `${data().length} DATA frames for 100 writes of 1000 octets`);
    assert.ok(data().every((frame) => frame.length <= 16_384));
    assert.equal(data().filter((frame) => frame.flags & h2.Flag.END_STREAM).length, 1);
    assert.ok(
      frames.some((f) => f.type === h2.FrameType.SETTINGS && f.flags & h2.Flag.ACK),
      'the client SETTINGS were acknowledged',
    );
  });

  it("holds DATA while the client's window is shut, and goes on when it opens", async (t) => {
    const { socket, data, ended } = await serverWithRawClient(t, [
      h2.settingsFrame([[h2.SettingId.INITIAL_WINDOW_SIZE, 10_000]]),
    ]);
    const received = () => data().reduce((sum, frame) => sum + frame.length, 0);
    /** Waits for `octets` to arrive, then a moment more, in which nothing more may. */
    const heldAt = async (octets: number): Promise<number> => {
      while (received() < octets) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      return received();
    };
    assert.equal(await heldAt(10_000), 10_000, 'as much as the stream window allows');
    socket.write(h2.windowUpdateFrame(1, 60_000));
    assert.equal(await heldAt(65_535), 65_535, 'the connection window (65535) holds it now');
    socket.write(Buffer.concat([h2.windowUpdateFrame(1, 40_000), h2.windowUpdateFrame(0, 40_000)]));
    await ended;
    assert.deepEqual(Buffer.concat(data().map((frame) => frame.payload)), ANSWER);
  });
});
