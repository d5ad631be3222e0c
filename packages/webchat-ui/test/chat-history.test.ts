import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catchUp, mergeEntries, replaceWithHistory, upsertEntry } from '../src/chat-history.js';
import type { ChatEntry } from '../src/types.js';

function entry(id: string, extra: Partial<ChatEntry> = {}): ChatEntry {
  return { id, channel: 'ops', time: '2024-01-01T00:00:00Z', author: { kind: 'bot', name: 'chatkube' }, ...extra };
}
const ids = (entries: readonly ChatEntry[]) => entries.map((e) => e.id);

describe('chat history', () => {
  it('appends new entries and replaces one with the same id in place', () => {
    const list = [entry('a'), entry('b', { streaming: true })];
    const updated = upsertEntry(list, entry('b', { text: 'final' }));
    assert.deepEqual(updated, [entry('a'), entry('b', { text: 'final' })]);
    assert.deepEqual(ids(upsertEntry(list, entry('c'))), ['a', 'b', 'c']);
    assert.deepEqual(ids(list), ['a', 'b'], 'the input list is not changed');
  });

  it('keeps the existing entry when asked to (the local copy of a sent command)', () => {
    const list = [entry('a', { text: 'from the agent' })];
    assert.deepEqual(upsertEntry(list, entry('a', { text: 'local' }), { keepExisting: true }), list);
  });

  it('puts a command that arrives after its answer before that answer', () => {
    const list = [entry('x'), entry('r', { replyTo: 'u' })];
    assert.deepEqual(ids(upsertEntry(list, entry('u', { author: { kind: 'user', name: 'alice' } }))), ['x', 'u', 'r']);
  });

  it('merges a page of history in order', () => {
    assert.deepEqual(ids(mergeEntries([entry('a')], [entry('a'), entry('b'), entry('c')])), ['a', 'b', 'c']);
  });

  it("takes the agent's full history and keeps what only this page has", () => {
    const page = [entry('old-local'), entry('a', { text: 'stale' })];
    const history = [entry('a', { text: 'fresh' }), entry('b')];
    assert.deepEqual(replaceWithHistory(page, history), [entry('a', { text: 'fresh' }), entry('b'), entry('old-local')]);
  });

  it('catches up with the same agent: its history merged in, entries it let go of kept in place', () => {
    const page = [entry('1', { text: 'fell off' }), entry('2', { streaming: true }), entry('3')];
    const history = [entry('2', { text: 'final' }), entry('3'), entry('4')];
    assert.deepEqual(catchUp(page, history, { id: '3', time: '2024-01-01T00:00:00Z' }, new Set()), [
      entry('1', { text: 'fell off' }),
      entry('2', { text: 'final' }),
      entry('3'),
      entry('4'),
    ]);
  });

  it('starts over when the agent no longer holds the last entry the page had (it restarted)', () => {
    const page = [
      entry('1', { text: 'old one' }),
      entry('2', { text: 'old two' }),
      entry('3', { text: 'pushed by the new one' }),
    ];
    const history = [entry('1', { text: 'new', time: '2024-02-02T00:00:00Z' })];
    const seen = { id: '2', time: '2024-01-01T00:00:00Z' };
    assert.deepEqual(catchUp(page, history, seen, new Set(['3'])), [
      entry('1', { text: 'new', time: '2024-02-02T00:00:00Z' }),
      entry('3', { text: 'pushed by the new one' }),
    ]);
    // The same id with another time is another entry.
    assert.deepEqual(ids(catchUp(page, [entry('2', { time: '2024-02-02T00:00:00Z' })], seen, new Set())), ['2']);
  });
});
