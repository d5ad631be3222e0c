import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { h2 } from '../src/index.js';

describe('FrameReader', () => {
  it('reassembles messages split anywhere, prefix included', () => {
    const bytes = Buffer.concat([h2.frame(Buffer.from('hello')), h2.frame(Buffer.from('')), h2.frame(Buffer.from('world!'))]);
    for (let step = 1; step <= bytes.length; step++) {
      const reader = new h2.FrameReader(100);
      const messages: string[] = [];
      for (let i = 0; i < bytes.length; i += step) messages.push(...reader.push(bytes.subarray(i, i + step)).map(String));
      assert.deepEqual(messages, ['hello', '', 'world!'], `chunks of ${step}`);
      assert.equal(reader.partial, false);
    }
  });

  it('refuses a message over the limit from its prefix alone, and compressed messages', () => {
    const reader = new h2.FrameReader(10);
    assert.throws(
      () => reader.push(h2.frame(Buffer.alloc(11)).subarray(0, 5)),
      (error: unknown) => {
        assert.ok(error instanceof h2.MessageTooLargeError);
        assert.equal(error.code, h2.Status.RESOURCE_EXHAUSTED);
        return true;
      },
    );
    assert.throws(() => new h2.FrameReader(10).push(Buffer.from([1, 0, 0, 0, 1, 0])), { code: h2.Status.INTERNAL });
  });

  it('encodes status messages as gRPC requires and decodes them back', () => {
    assert.equal(h2.encodeGrpcMessage('100% ü\n'), '100%25 %C3%BC%0A');
    assert.equal(h2.decodeGrpcMessage('100%25 %C3%BC%0A'), '100% ü\n');
    assert.equal(h2.decodeGrpcMessage('bad %zz'), 'bad %zz');
  });
});
