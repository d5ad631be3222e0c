import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type InlineNode, parseInline, parseMarkdown } from '../src/markdown.js';

const text = (t: string): InlineNode => ({ kind: 'text', text: t });

describe('parseInline', () => {
  it('reads *bold*, **bold**, _italic_ and `code`', () => {
    assert.deepEqual(parseInline('a *b* **c** _d_ `e`'), [
      text('a '),
      { kind: 'bold', children: [text('b')] },
      text(' '),
      { kind: 'bold', children: [text('c')] },
      text(' '),
      { kind: 'italic', children: [text('d')] },
      text(' '),
      { kind: 'code', text: 'e' },
    ]);
  });

  it('nests emphasis and code inside bold', () => {
    assert.deepEqual(parseInline('*run _now_ `x`*'), [
      {
        kind: 'bold',
        children: [text('run '), { kind: 'italic', children: [text('now')] }, text(' '), { kind: 'code', text: 'x' }],
      },
    ]);
  });

  it('keeps markers inside words and code as they are', () => {
    assert.deepEqual(parseInline('my_snake_case 2*3*4 `*not bold*` * lone'), [
      text('my_snake_case 2*3*4 '),
      { kind: 'code', text: '*not bold*' },
      text(' * lone'),
    ]);
  });

  it('links <url|label>, <url> and bare URLs, leaving the sentence punctuation out', () => {
    assert.deepEqual(parseInline('see <https://k8s.io/docs|the docs>, <https://a.io> and https://b.io/x?y=1.'), [
      text('see '),
      { kind: 'link', href: 'https://k8s.io/docs', text: 'the docs' },
      text(', '),
      { kind: 'link', href: 'https://a.io/', text: 'https://a.io' },
      text(' and '),
      { kind: 'link', href: 'https://b.io/x?y=1', text: 'https://b.io/x?y=1' },
      text('.'),
    ]);
    assert.deepEqual(parseInline('(at https://c.io/p)'), [
      text('(at '),
      { kind: 'link', href: 'https://c.io/p', text: 'https://c.io/p' },
      text(')'),
    ]);
  });

  it('shows an unsafe link as its label only, and an unsafe bare link as text', () => {
    assert.deepEqual(parseInline('<javascript:alert(1)|click> <data:text/html,x>'), [text('click <data:text/html,x>')]);
  });

  it('keeps <placeholders> and HTML as text', () => {
    assert.deepEqual(parseInline('kubectl logs <pod-name> <img src=x onerror=alert(1)>'), [
      text('kubectl logs <pod-name> <img src=x onerror=alert(1)>'),
    ]);
  });

  it('turns newlines into breaks', () => {
    assert.deepEqual(parseInline('a\n\nb'), [text('a'), { kind: 'break' }, { kind: 'break' }, text('b')]);
  });
});

describe('parseMarkdown', () => {
  it('splits ``` fenced blocks from the text around them', () => {
    assert.deepEqual(parseMarkdown('Pods:\n```\nNAME  READY\nnginx 1/1\n```\n*done*'), [
      { kind: 'paragraph', children: [text('Pods:')] },
      { kind: 'codeBlock', text: 'NAME  READY\nnginx 1/1' },
      { kind: 'paragraph', children: [{ kind: 'bold', children: [text('done')] }] },
    ]);
  });

  it('does not format inside a fenced block', () => {
    assert.deepEqual(parseMarkdown('```*a* <https://x.io>```'), [{ kind: 'codeBlock', text: '*a* <https://x.io>' }]);
  });

  it('keeps an unclosed fence as text', () => {
    assert.deepEqual(parseMarkdown('a ``` b'), [{ kind: 'paragraph', children: [text('a ``` b')] }]);
  });

  it('gives nothing for empty text', () => {
    assert.deepEqual(parseMarkdown(''), []);
  });
});
