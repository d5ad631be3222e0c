import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitCommandWords } from '../src/index.js';

describe('splitCommandWords', () => {
  it('splits on spaces and tabs and resolves quotes and backslashes', () => {
    assert.deepEqual(splitCommandWords(`helm  status\t'my app' "a \\"b\\" c" d\\ e '' ""`), [
      'helm',
      'status',
      'my app',
      'a "b" c',
      'd e',
      '',
      '',
    ]);
    assert.deepEqual(splitCommandWords(`a'b'"c"d`), ['abcd']);
    assert.deepEqual(splitCommandWords(`'\\n' "\\\\"`), ['\\n', '\\']);
    assert.deepEqual(splitCommandWords('   '), []);
  });

  it('keeps shell operators, substitutions and globs as plain characters', () => {
    assert.deepEqual(splitCommandWords('ls ; rm -rf / && echo $(touch /tmp/x) `id` > /etc/passwd | cat *'), [
      'ls',
      ';',
      'rm',
      '-rf',
      '/',
      '&&',
      'echo',
      '$(touch',
      '/tmp/x)',
      '`id`',
      '>',
      '/etc/passwd',
      '|',
      'cat',
      '*',
    ]);
    assert.deepEqual(splitCommandWords('a;b|c&d'), ['a;b|c&d']);
  });

  it('refuses line breaks and NUL, naming the column', () => {
    assert.throws(() => splitCommandWords('helm list\nrm -rf /'), {
      code: 'CHATKUBE_ERR_COMMAND_SYNTAX',
      message: 'the command holds a line break at column 10: send one command on one line',
    });
    assert.throws(() => splitCommandWords('a\rb'), { message: /a line break at column 2/ });
    assert.throws(() => splitCommandWords("'a\nb'"), { message: /a line break/ });
    assert.throws(() => splitCommandWords('ab\0c'), { message: /a NUL character at column 3/ });
  });

  it('refuses an unclosed quote or a trailing backslash, naming the column', () => {
    assert.throws(() => splitCommandWords(`echo 'it`), {
      code: 'CHATKUBE_ERR_COMMAND_SYNTAX',
      message: `the ' at column 6 is never closed: close it, or escape it as \\'`,
    });
    assert.throws(() => splitCommandWords('echo "it'), { message: /the " at column 6 is never closed/ });
    assert.throws(() => splitCommandWords('echo it\\'), { message: /the backslash at column 8 ends the command/ });
  });
});
