// The Go library behaviour the template engine copies, checked on its own.
// Expected values are what Go 1.19 prints (recorded with the go-template peer).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFloat, jsonFloat } from '../src/go-float.js';
import { sprint, sprintf } from '../src/go-printf.js';
import { parseFloat64, parseInt64, quote, unquote } from '../src/go-strconv.js';
import { fromUtf8, utf8 } from '../src/go-unicode.js';
import { type GoMap, int, typed } from '../src/go-values.js';
import { GoRegexp, RuneText } from '../src/regexp-vm.js';

describe("strconv's float formatting", () => {
  it('rounds ties to even on the exact binary value, unlike toFixed', () => {
    const cases: [number, number, string][] = [
      [0.5, 0, '0'],
      [1.5, 0, '2'],
      [2.5, 0, '2'],
      [0.125, 2, '0.12'],
      [0.375, 2, '0.38'],
      [1.005, 2, '1.00'],
    ];
    for (const [x, prec, go] of cases) assert.equal(formatFloat(x, 'f', prec), go, `${x} to ${prec} places`);
    assert.equal((2.5).toFixed(0), '3', 'JavaScript rounds the tie up');
  });

  it("writes %v as Go's shortest %g, switching to an exponent at 1e21 only for JSON", () => {
    const values = [3, 1.5, 1e6, 123456, 1234567, 1e-5, 0.0001, 1e21, 0.30000000000000004, -0, 5e-324];
    assert.deepEqual(
      values.map((x) => formatFloat(x, 'g', -1)),
      ['3', '1.5', '1e+06', '123456', '1.234567e+06', '1e-05', '0.0001', '1e+21', '0.30000000000000004', '-0', '5e-324'],
    );
    assert.deepEqual(
      values.map((x) => jsonFloat(x)),
      ['3', '1.5', '1000000', '123456', '1234567', '0.00001', '0.0001', '1e+21', '0.30000000000000004', '-0', '5e-324'],
    );
  });

  it('formats %e, %g with a precision, %b and %x', () => {
    assert.equal(formatFloat(123456.789, 'e', 3), '1.235e+05');
    assert.equal(formatFloat(1234.5678, 'g', 3), '1.23e+03');
    assert.equal(formatFloat(0.000123, 'g', 2), '0.00012');
    assert.equal(formatFloat(-0.5, 'b', -1), '-4503599627370496p-53');
    assert.equal(formatFloat(1e21, 'x', -1), '0x1.b1ae4d6e2ef5p+69');
    assert.equal(formatFloat(1e6, 'X', -1), '0X1.E848P+19');
  });
});

describe("fmt's Sprint and Sprintf", () => {
  it('puts spaces only between operands that are not strings', () => {
    assert.equal(sprint([int(1), int(2), 'a', 'b', int(3), null]), '1 2ab3 <nil>');
  });

  it('reports misfits in band', () => {
    assert.equal(sprintf('%d|%s|%z', ['x', int(1), true]), '%!d(string=x)|%!s(int=1)|%!z(bool=true)');
    assert.equal(sprintf('%s %s', ['one']), 'one %!s(MISSING)');
    assert.equal(sprintf('%s', ['a', int(2), null]), 'a%!(EXTRA int=2, <nil>)');
    assert.equal(sprintf('%[2]s %[1]s', ['a', 'b']), 'b a');
    assert.equal(sprintf('100%', []), '100%!(NOVERB)');
  });

  it('applies the verb to each element of slices and maps, keys sorted', () => {
    const m: GoMap = { b: int(2), a: 1.5 };
    assert.equal(sprintf('%v|%d|%05.1f', [m, [int(1), 'x'], [1.25, 2]]), 'map[a:1.5 b:2]|[1 %!d(string=x)]|[001.2 002.0]');
    assert.equal(sprintf('%v %T', [typed([], '[]string', true), typed(['a'], '[]string')]), '[] []string');
  });

  it('pads by runes and zero-pads strings as Go does', () => {
    assert.equal(sprintf('[%6s][%-4s][%05s][%.2s]', ['日本', 'é', 'ab', 'héllo']), '[    日本][é   ][000ab][hé]');
  });
});

describe('strconv literals', () => {
  it('unquotes Go string and character literals', () => {
    assert.equal(unquote('"\\x41\\u00e9\\U0001F600\\101\\t"'), 'Aé😀A\t');
    assert.equal(unquote('"\\xc3\\xa9"'), 'é', 'escaped bytes form UTF-8');
    assert.equal(unquote("'\\n'"), 10);
    assert.throws(() => unquote('"\\q"'), /invalid syntax/);
    assert.throws(() => unquote("'ab'"), /malformed character constant: 'ab'/);
  });

  it('parses integers with base prefixes and underscores, and floats as Go does', () => {
    assert.deepEqual(['017', '0o17', '0x1F', '0b101', '1_000', '-9223372036854775808'].map(parseInt64), [
      15n,
      15n,
      31n,
      5n,
      1000n,
      -(2n ** 63n),
    ]);
    assert.deepEqual(['08', '1__0', '_1', '9223372036854775808'].map(parseInt64), [undefined, undefined, undefined, undefined]);
    assert.deepEqual(['1e3', '.5', '0x1p-2', 'Inf', '1_000.5', '1e400', 'x'].map(parseFloat64), [
      1000,
      0.5,
      0.25,
      Infinity,
      1000.5,
      undefined,
      undefined,
    ]);
  });

  it('quotes like strconv.Quote', () => {
    assert.equal(quote('é\x01\u2028"\\'), '"é\\x01\\u2028\\"\\\\"');
    assert.equal(quote('é', true), '"\\u00e9"');
  });

  it('turns each invalid UTF-8 byte into one U+FFFD, as Go does', () => {
    assert.equal(fromUtf8(utf8('日本').subarray(0, 2)), '\uFFFD\uFFFD');
    assert.equal(fromUtf8(Uint8Array.of(0xe6, 0x97, 0x41, 0xc3, 0xa9)), '\uFFFD\uFFFDAé');
  });
});

describe("regexp with Go's semantics", () => {
  const all = (pattern: string, s: string): string[] => {
    const re = new GoRegexp(pattern);
    const text = new RuneText(s);
    return re.allMatches(text.runes, Number.MAX_SAFE_INTEGER).map((m) => text.slice(m[0] ?? 0, m[1] ?? 0));
  };

  it('prefers the leftmost alternative, not the longest match', () => {
    assert.deepEqual(all('a|ab', 'ab'), ['a']);
    assert.deepEqual(all('(a|ab)(c|bcd)', 'abcd'), ['abcd']);
  });

  it('skips an empty match right after a match', () => {
    assert.deepEqual(all('a*', 'baaac'), ['', 'aaa', '']);
  });

  it('reads Go syntax JavaScript does not have, or reads otherwise', () => {
    assert.deepEqual(all('(?i)é|k', 'É K k'), ['É', 'K', 'k']);
    assert.deepEqual(all('a(?i)b', 'aB AB'), ['aB']);
    assert.deepEqual(all('\\s+', 'a\u00a0b \t\nc'), [' \t\n'], '\\s is ASCII white space only');
    assert.deepEqual(all('.', '\r'), ['\r'], '. matches a carriage return');
    assert.deepEqual(all('[[:upper:]]\\pL*', 'Élan Vital'), ['Vital']);
    assert.deepEqual(all('\\Qa.b\\E+', 'a.bbb axb'), ['a.bbb']);
  });

  it("refuses what Go refuses, with Go's message", () => {
    assert.throws(() => new GoRegexp('a(?=b)'), /^Error: error parsing regexp: invalid or unsupported Perl syntax: `\(\?=`$/);
    assert.throws(() => new GoRegexp('(a'), /missing closing \): `\(a`/);
    assert.throws(() => new GoRegexp('a**'), /invalid nested repetition operator: `\*\*`/);
    assert.throws(() => new GoRegexp('x{1001}'), /invalid repeat count: `\{1001\}`/);
  });

  it('matches in linear time: nested repetition cannot hang it', () => {
    const input = `${'a'.repeat(5000)}b`;
    assert.equal(new GoRegexp('^(a+)+$').exec(new RuneText(input).runes, 0), null);
    assert.deepEqual(new GoRegexp('(a*)*b').exec(new RuneText(input).runes, 0)?.slice(0, 2), [0, 5001]);
  });
});
