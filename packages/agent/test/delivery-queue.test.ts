import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryQueue } from '../src/events/delivery-queue.js';

describe('DeliveryQueue', () => {
  it('delivers in order, one at a time', async () => {
    const seen: number[] = [];
    let running = 0;
    const queue = new DeliveryQueue({ limit: 100, onDrop: () => assert.fail('dropped'), onError: (e) => assert.fail(String(e)) });
    for (let i = 0; i < 20; i++) {
      queue.push(async () => {
        running++;
        assert.equal(running, 1);
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(i);
        running--;
      });
    }
    await queue.idle();
    assert.deepEqual(seen, [...Array(20).keys()]);
  });

  it('drops past its limit and counts the drops', async () => {
    const drops: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = new DeliveryQueue({ limit: 2, onDrop: (n) => drops.push(n), onError: () => {} });
    queue.push(() => gate); // running
    assert.equal(
      queue.push(async () => {}),
      true,
    );
    assert.equal(
      queue.push(async () => {}),
      true,
    );
    assert.equal(
      queue.push(async () => {}),
      false,
    );
    assert.equal(
      queue.push(async () => {}),
      false,
    );
    assert.deepEqual(drops, [1, 2]);
    assert.equal(queue.depth, 2);
    release();
    await queue.idle();
    assert.equal(queue.dropped, 2);
  });

  it('reports a failed delivery and goes on', async () => {
    const errors: unknown[] = [];
    const done: number[] = [];
    const queue = new DeliveryQueue({ limit: 10, onDrop: () => {}, onError: (e) => errors.push(e) });
    queue.push(async () => {
      throw new Error('boom');
    });
    queue.push(async () => {
      done.push(1);
    });
    await queue.idle();
    assert.equal((errors[0] as Error).message, 'boom');
    assert.deepEqual(done, [1]);
  });
});
