import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VNode } from 'preact';
import { EntryView } from '../src/entry-view.js';
import { isHidden, MessageView } from '../src/message-view.js';
import type { ChatEntry } from '../src/types.js';

const bot: ChatEntry = { id: '7', channel: 'ops', time: '2024-01-01T00:00:00Z', author: { kind: 'bot', name: 'chatkube' } };

/** The children of the entry's card, as the element tree EntryView returns (components unrendered). */
function cardChildren(entry: ChatEntry): unknown[] {
  const article = EntryView({ entry, own: false, answers: undefined }) as VNode<{ children: unknown[] }>;
  const card = (article.props.children as VNode<{ class?: string; children: unknown[] }>[]).find(
    (child) => child?.props?.class === 'card',
  );
  assert.ok(card, 'the entry has a card');
  return (card.props.children as unknown[]).filter((child) => child !== undefined && child !== false && child !== '');
}

describe('the entry view', () => {
  it("shows the entry's header first in the card, above the message", () => {
    const [first, second] = cardChildren({ ...bot, header: '`echo hi` on `local`', message: { baseBody: { codeBlock: 'hi' } } });
    const header = first as VNode<{ class: string; children: VNode<{ text: string }> }>;
    assert.equal(header.type, 'div');
    assert.equal(header.props.class, 'entry-header');
    assert.equal(header.props.children.props.text, '`echo hi` on `local`');
    assert.equal((second as VNode).type, MessageView, 'the message comes next');
  });

  it('has no header line when the entry has none', () => {
    const children = cardChildren({ ...bot, message: { baseBody: { codeBlock: 'hi' } } }) as VNode<{ class?: string }>[];
    assert.ok(children.every((child) => child.props?.class !== 'entry-header'));
  });

  it('hides skip messages (the agent drops them, this is the safety net)', () => {
    assert.equal(isHidden({ type: 'skipMessage' }), true);
    assert.equal(isHidden({ baseBody: { plaintext: 'x' } }), false);
    assert.equal(EntryView({ entry: { ...bot, message: { type: 'skipMessage' } }, own: false, answers: undefined }), null);
  });
});
