import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelHistory, type ChatEntry } from '../src/platforms/webchat/entries.js';

const entry = (history: ChannelHistory, channel: string, text: string): ChatEntry => {
  const added: ChatEntry = {
    id: history.nextId(),
    channel,
    time: '2026-12-01T00:00:00Z',
    author: { kind: 'user', name: 'u' },
    text,
  };
  history.add(added);
  return added;
};
const ids = (history: ChannelHistory, channel: string): string[] => history.list(channel).map((e) => e.id);
const size = (e: ChatEntry): number => Buffer.byteLength(JSON.stringify(e));

describe('the web chat history', () => {
  it('keeps at most the entry limit per channel, the newest', () => {
    const history = new ChannelHistory({ entries: 3, bytes: 1 << 20 });
    for (let i = 0; i < 5; i++) entry(history, 'a', `m${i}`);
    entry(history, 'b', 'other');
    assert.deepEqual(ids(history, 'a'), ['3', '4', '5']);
    assert.deepEqual(ids(history, 'b'), ['6']);
  });

  it('keeps at most the byte limit per channel, counting entries as JSON', () => {
    const probe = new ChannelHistory();
    const one = size(entry(probe, 'a', 'x'.repeat(100)));
    const history = new ChannelHistory({ entries: 100, bytes: one * 3 });
    for (let i = 0; i < 5; i++) entry(history, 'a', 'x'.repeat(100));
    assert.deepEqual(ids(history, 'a'), ['3', '4', '5']);
  });

  it('counts a replaced entry at its new size, and always keeps the newest even when it alone is too big', () => {
    const history = new ChannelHistory({ entries: 100, bytes: 1000 });
    const first = entry(history, 'a', 'short');
    entry(history, 'a', 'short');
    assert.equal(history.replace({ ...first, text: 'y'.repeat(900) }), true);
    assert.deepEqual(ids(history, 'a'), ['2'], 'the grown entry pushed the history over its bytes: the oldest fell off');
    entry(history, 'a', 'z'.repeat(5000));
    assert.deepEqual(ids(history, 'a'), ['3']);
    assert.equal(history.replace({ ...first, text: 'gone' }), false);
  });
});
