import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComponentChildren, VNode } from 'preact';
import { parseMarkdown } from '../src/markdown.js';
import { renderBlocks } from '../src/markdown-view.js';

/** The element tree as plain data: [tag, props that matter, ...children] or text. */
type Tree = string | [string, Record<string, unknown>, ...Tree[]];

function tree(children: ComponentChildren): Tree[] {
  const list = Array.isArray(children) ? children : [children];
  return list.flatMap((child): Tree[] => {
    if (child === null || child === undefined || typeof child === 'boolean') return [];
    if (typeof child === 'string' || typeof child === 'number') return [String(child)];
    if (Array.isArray(child)) return tree(child);
    const node = child as VNode<Record<string, unknown>>;
    assert.equal(typeof node.type, 'string', 'only plain elements');
    const { children: inner, ...props } = node.props as Record<string, unknown> & { children?: ComponentChildren };
    return [[node.type as string, props, ...tree(inner)]];
  });
}

describe('the markdown view', () => {
  it('builds elements for each construct, and text for the rest', () => {
    const rendered = tree(renderBlocks(parseMarkdown('*b* _i_ `c` <https://x.io|x>\nnext\n```\npre\n```')));
    assert.deepEqual(rendered, [
      [
        'p',
        {},
        ['strong', {}, 'b'],
        ' ',
        ['em', {}, 'i'],
        ' ',
        ['code', {}, 'c'],
        ' ',
        ['a', { href: 'https://x.io/', target: '_blank', rel: 'noopener noreferrer' }, 'x'],
        ['br', {}],
        'next',
      ],
      ['pre', { class: 'code-block' }, ['code', {}, 'pre']],
    ]);
  });

  it('never sets inner HTML: markup in the text stays one text node', () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const rendered = tree(renderBlocks(parseMarkdown(`${evil}\n\`\`\`${evil}\`\`\``)));
    assert.deepEqual(rendered, [
      ['p', {}, evil],
      ['pre', { class: 'code-block' }, ['code', {}, evil]],
    ]);
  });
});
