import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goQuote } from '@chatkube/api';

// Each pair: the input and what Go's strconv.Quote printed for it (recorded with Go 1.19).
const RECORDED_WITH_GO: Array<[string, string]> = [
  ['hello', '"hello"'],
  ['a"b\\c', '"a\\"b\\\\c"'],
  ['\n\t\r\x07\b\f\v', '"\\n\\t\\r\\a\\b\\f\\v"'],
  ['\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'],
  ['héllo 日本', '"héllo 日本"'],
  ['\u00a0', '"\\u00a0"'],
  ['\u200b', '"\\u200b"'],
  ['😀', '"😀"'],
  ['\ue000', '"\\ue000"'],
  ['\u{f0000}', '"\\U000f0000"'],
  ['\ufffd', '"\ufffd"'],
  ['\u00ad', '"\\u00ad"'],
  ['a "b"\tc', '"a \\"b\\"\\tc"'],
  ['\u2028', '"\\u2028"'],
  ['\u0085', '"\\u0085"'],
  ["~`!@#$%^&*()_+-={}[]|:;'<>?,./", '"~`!@#$%^&*()_+-={}[]|:;\'<>?,./"'],
];

describe('goQuote', () => {
  for (const [input, go] of RECORDED_WITH_GO) {
    it(`quotes ${JSON.stringify(input)} as Go does`, () => assert.equal(goQuote(input), go));
  }

  it('quotes the empty string', () => assert.equal(goQuote(''), '""'));

  it('turns a lone surrogate into U+FFFD, as it reaches Go once UTF-8 encoded', () => {
    assert.equal(goQuote('a\ud800b'), '"a\ufffdb"');
  });
});
