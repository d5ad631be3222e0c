import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeHref } from '../src/url-safety.js';

describe('safeHref', () => {
  it('allows absolute http, https and mailto URLs, normalised', () => {
    assert.equal(safeHref('https://example.com/a?b=c#d'), 'https://example.com/a?b=c#d');
    assert.equal(safeHref('  HTTP://Example.com'), 'http://example.com/');
    assert.equal(safeHref('mailto:ops@example.com'), 'mailto:ops@example.com');
  });

  for (const url of [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '/relative/path',
    'example.com',
    '',
  ]) {
    it(`refuses ${JSON.stringify(url)}`, () => assert.equal(safeHref(url), undefined));
  }

  it('refuses nothing given', () => assert.equal(safeHref(undefined), undefined));
});
