import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { h2 } from '../src/index.js';

const { Flag, FrameType } = h2;

/** What a test keeps of a frame. */
interface Seen {
  type: number;
  flags: number;
  streamId: number;
  payload: string;
  length: number;
}

function parse(chunks: Buffer[], options: Partial<h2.FrameParserOptions> = {}): Seen[] {
  const seen: Seen[] = [];
  const parser = new h2.FrameParser({
    maxFrameSize: 16_384,
    maxHeaderBlockSize: 1024,
    ...options,
    onFrame: ({ type, flags, streamId, payload, length }) =>
      seen.push({ type, flags, streamId, payload: payload.toString('latin1'), length }),
  });
  for (const chunk of chunks) parser.push(chunk);
  return seen;
}

const frame = (type: number, flags: number, streamId: number, payload: string | Buffer): Buffer =>
  h2.frameWithPayload(type, flags, streamId, typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload);

/** A padded payload: pad length, `prefix` (priority fields), the data, the padding. */
const padded = (data: string, padLength: number, prefix = ''): Buffer =>
  Buffer.concat([Buffer.from([padLength]), Buffer.from(prefix + data, 'latin1'), Buffer.alloc(padLength)]);

function isConnectionError(code: number, message: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof h2.Http2ConnectionError, `${error}`);
    assert.equal(error.errorCode, code, error.message);
    assert.match(error.message, message);
    return true;
  };
}

/** A connection's worth of frames of every kind, with padding, priority fields, a split header block and an extension frame. */
const STREAM = Buffer.concat([
  h2.CLIENT_PREFACE,
  h2.settingsFrame([[h2.SettingId.INITIAL_WINDOW_SIZE, 1 << 20]]),
  frame(FrameType.HEADERS, Flag.PADDED | Flag.PRIORITY, 1, padded('head', 3, '\x00\x00\x00\x00\x10')),
  frame(FrameType.CONTINUATION, 0, 1, 'er-'),
  frame(FrameType.CONTINUATION, Flag.END_HEADERS, 1, 'block'),
  frame(0xfa, 0x3, 1, 'an extension frame'),
  frame(FrameType.DATA, Flag.PADDED, 1, padded('hello', 10)),
  frame(FrameType.DATA, Flag.END_STREAM, 1, ''),
  h2.pingFrame(Buffer.from('12345678'), false),
  h2.windowUpdateFrame(0, 1000),
  frame(FrameType.PRIORITY, 0, 3, '\x00\x00\x00\x01\x10'),
  h2.goAwayFrame(1, h2.ErrorCode.NO_ERROR, 'bye'),
]);

const EXPECTED: Seen[] = [
  { type: FrameType.SETTINGS, flags: 0, streamId: 0, payload: '\x00\x04\x00\x10\x00\x00', length: 6 },
  {
    type: FrameType.HEADERS,
    flags: Flag.PADDED | Flag.PRIORITY | Flag.END_HEADERS,
    streamId: 1,
    payload: 'header-block',
    length: 12,
  },
  { type: FrameType.DATA, flags: Flag.PADDED, streamId: 1, payload: 'hello', length: 16 },
  { type: FrameType.DATA, flags: Flag.END_STREAM, streamId: 1, payload: '', length: 0 },
  { type: FrameType.PING, flags: 0, streamId: 0, payload: '12345678', length: 8 },
  { type: FrameType.WINDOW_UPDATE, flags: 0, streamId: 0, payload: '\x00\x00\x03\xe8', length: 4 },
  { type: FrameType.PRIORITY, flags: 0, streamId: 3, payload: '\x00\x00\x00\x01\x10', length: 5 },
  { type: FrameType.GOAWAY, flags: 0, streamId: 0, payload: '\x00\x00\x00\x01\x00\x00\x00\x00bye', length: 11 },
];

describe('FrameParser', () => {
  it('reads frames split at every byte boundary, and byte by byte', () => {
    for (let split = 0; split <= STREAM.length; split++) {
      const seen = parse([STREAM.subarray(0, split), STREAM.subarray(split)], { expectPreface: true });
      assert.deepEqual(seen, EXPECTED, `split at ${split}`);
    }
    const bytes = Array.from({ length: STREAM.length }, (_, i) => STREAM.subarray(i, i + 1));
    assert.deepEqual(parse(bytes, { expectPreface: true }), EXPECTED);
  });

  it('joins a header block written as HEADERS and CONTINUATION frames', () => {
    const block = Buffer.from('x'.repeat(40_000));
    const frames = h2.headersFrames(5, block, true, 16_384);
    assert.equal(frames.length, 40_000 + 3 * 9, 'three frames');
    const [seen] = parse([frames], { maxHeaderBlockSize: 65_536 });
    assert.equal(seen?.type, FrameType.HEADERS);
    assert.equal(seen?.flags, Flag.END_STREAM | Flag.END_HEADERS);
    assert.equal(seen?.payload, block.toString());
  });

  it('refuses what RFC 9113 calls a connection error, saying what was wrong', () => {
    const cases: [string, Buffer[], number, RegExp][] = [
      ['no preface', [Buffer.from('GET / HTTP/1.1\r\n\r\n')], h2.ErrorCode.PROTOCOL_ERROR, /client preface/],
      [
        'a frame over the size limit',
        [frame(FrameType.DATA, 0, 1, Buffer.alloc(100))],
        h2.ErrorCode.FRAME_SIZE_ERROR,
        /100 octets/,
      ],
      [
        'a frame inside a header block',
        [frame(FrameType.HEADERS, 0, 1, 'a'), h2.pingFrame(Buffer.alloc(8), false)],
        h2.ErrorCode.PROTOCOL_ERROR,
        /inside the header block of stream 1/,
      ],
      [
        'an extension frame inside a header block',
        [frame(FrameType.HEADERS, 0, 1, 'a'), frame(0xfa, 0, 1, '')],
        h2.ErrorCode.PROTOCOL_ERROR,
        /inside the header block/,
      ],
      [
        'CONTINUATION on another stream',
        [frame(FrameType.HEADERS, 0, 1, 'a'), frame(FrameType.CONTINUATION, Flag.END_HEADERS, 3, 'b')],
        h2.ErrorCode.PROTOCOL_ERROR,
        /stream 3 that continues no header block/,
      ],
      [
        'CONTINUATION alone',
        [frame(FrameType.CONTINUATION, Flag.END_HEADERS, 1, 'b')],
        h2.ErrorCode.PROTOCOL_ERROR,
        /continues no/,
      ],
      [
        'padding longer than the frame',
        [frame(FrameType.DATA, Flag.PADDED, 1, '\x05ab')],
        h2.ErrorCode.PROTOCOL_ERROR,
        /padding/,
      ],
      ['DATA on stream 0', [frame(FrameType.DATA, 0, 0, 'a')], h2.ErrorCode.PROTOCOL_ERROR, /on stream 0/],
      ['PING on a stream', [frame(FrameType.PING, 0, 1, '12345678')], h2.ErrorCode.PROTOCOL_ERROR, /on stream 1/],
      ['a short PING', [frame(FrameType.PING, 0, 0, '1234')], h2.ErrorCode.FRAME_SIZE_ERROR, /4 octets, not 8/],
      ['a SETTINGS of 5 octets', [frame(FrameType.SETTINGS, 0, 0, '12345')], h2.ErrorCode.FRAME_SIZE_ERROR, /multiple of 6/],
      [
        'a SETTINGS ACK with a payload',
        [frame(FrameType.SETTINGS, Flag.ACK, 0, '123456')],
        h2.ErrorCode.FRAME_SIZE_ERROR,
        /ACK|acknowledgement/,
      ],
      [
        'a header block over its limit',
        [frame(FrameType.HEADERS, 0, 1, 'a'.repeat(600)), frame(FrameType.CONTINUATION, 0, 1, 'b'.repeat(600))],
        h2.ErrorCode.ENHANCE_YOUR_CALM,
        /more than 1024 octets/,
      ],
    ];
    for (const [name, chunks, code, message] of cases) {
      assert.throws(
        () => parse(chunks, { maxFrameSize: name.includes('size limit') ? 64 : 16_384, expectPreface: name === 'no preface' }),
        isConnectionError(code, message),
        name,
      );
    }
  });
});
