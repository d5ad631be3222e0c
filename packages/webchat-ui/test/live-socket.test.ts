import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { backoffDelay, LiveSocket, parseFrame, type SocketState } from '../src/live-socket.js';
import type { ChatFrame } from '../src/types.js';

/** Enough of a browser WebSocket for LiveSocket: events, close(), and the URL it was opened with. */
class FakeSocket extends EventTarget {
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  close(): void {
    this.closed = true;
  }
  emit(type: 'open' | 'close'): void {
    this.dispatchEvent(new Event(type));
  }
  receive(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

const FRAME: ChatFrame = {
  type: 'message.created',
  channel: 'ops',
  message: { id: 'e1', channel: 'ops', time: '2024-01-01T00:00:00Z', author: { kind: 'bot', name: 'chatkube' } },
};

describe('backoffDelay', () => {
  it('doubles from half a second up to 15 s, with ±25 % jitter', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, 0.5)),
      [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000],
    );
    assert.equal(backoffDelay(0, 0), 375);
    assert.equal(backoffDelay(0, 1), 625);
  });
});

describe('parseFrame', () => {
  it('reads a created or updated frame', () => {
    assert.deepEqual(parseFrame(JSON.stringify(FRAME)), FRAME);
    assert.deepEqual(parseFrame(JSON.stringify({ ...FRAME, type: 'message.updated' }))?.type, 'message.updated');
  });

  for (const [what, data] of [
    ['binary data', new ArrayBuffer(2)],
    ['text that is not JSON', '{'],
    ['JSON null', 'null'],
    ['an unknown type', JSON.stringify({ ...FRAME, type: 'message.deleted' })],
    ['a frame without a channel', JSON.stringify({ ...FRAME, channel: 1 })],
    ['an entry without an id', JSON.stringify({ ...FRAME, message: { ...FRAME.message, id: undefined } })],
    ['an entry of an unknown author kind', JSON.stringify({ ...FRAME, message: { ...FRAME.message, author: { kind: 'x' } } })],
  ] as const) {
    it(`ignores ${what}`, () => assert.equal(parseFrame(data), undefined));
  }
});

describe('LiveSocket', () => {
  it('passes frames on, and reconnects after a close with backoff, using the URL of the moment', () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    try {
      const sockets: FakeSocket[] = [];
      const states: SocketState[] = [];
      const frames: ChatFrame[] = [];
      let token = 'one';
      const live = new LiveSocket({
        url: () => `ws://h/ws?token=${token}`,
        onFrame: (frame) => frames.push(frame),
        onState: (state) => states.push(state),
        createSocket: (url) => {
          const socket = new FakeSocket(url);
          sockets.push(socket);
          return socket as unknown as WebSocket;
        },
      });
      live.start();
      sockets[0]?.emit('open');
      sockets[0]?.receive(JSON.stringify(FRAME));
      sockets[0]?.receive('not a frame');
      assert.deepEqual(frames, [FRAME]);

      token = 'two';
      sockets[0]?.emit('close');
      const waiting = states.at(-1);
      assert.equal(waiting?.kind, 'waiting');
      assert.equal(sockets.length, 1, 'no attempt before the delay');
      mock.timers.tick(backoffDelay(0, 1));
      assert.equal(sockets.length, 2);
      assert.equal(sockets[1]?.url, 'ws://h/ws?token=two');
      assert.deepEqual(
        states.map((s) => s.kind),
        ['connecting', 'open', 'waiting', 'connecting'],
      );

      live.reconnectNow();
      assert.ok(sockets[1]?.closed, 'the old socket is closed');
      assert.equal(sockets.length, 3);
      sockets[1]?.emit('close');
      assert.equal(states.at(-1)?.kind, 'connecting', 'the replaced socket closing changes nothing');

      live.stop();
      sockets[2]?.emit('close');
      assert.ok(sockets[2]?.closed);
      assert.equal(states.at(-1)?.kind, 'stopped');
      mock.timers.tick(60_000);
      assert.equal(sockets.length, 3, 'no attempt once stopped');
    } finally {
      mock.timers.reset();
    }
  });
});
