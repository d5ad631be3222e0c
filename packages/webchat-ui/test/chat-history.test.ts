import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeEntries, replaceWithHistory, upsertEntry } from '../src/chat-history.js';
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
});
