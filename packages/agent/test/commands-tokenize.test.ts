import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitWords, tokenize } from '../src/commands/tokenize.js';

describe('tokenize', () => {
  it('splits on spaces, tabs and line ends, as many as there are', () => {
    assert.deepEqual(tokenize('kubectl  get\tpo\n-n\r\ndefault'), ['kubectl', 'get', 'po', '-n', 'default']);
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize(' \t\n '), []);
  });

  it('keeps quoted text as one word, without its quotes, and joins adjacent parts', () => {
    assert.deepEqual(tokenize(`kubectl get po -l 'app in (a,b)'`), ['kubectl', 'get', 'po', '-l', 'app in (a,b)']);
    assert.deepEqual(tokenize('echo "a  b" c'), ['echo', 'a  b', 'c']);
    assert.deepEqual(tokenize(`--filter="a b"x'y z'`), ['--filter=a bxy z']);
    assert.deepEqual(tokenize(`echo "it's" 'say "hi"'`), ['echo', "it's", 'say "hi"']);
    assert.deepEqual(tokenize(`echo "" '' x`), ['echo', '', '', 'x']);
  });

  it('escapes with a backslash outside single quotes, as go-shellwords does', () => {
    assert.deepEqual(tokenize('echo a\\ b \\"c\\\' \\\\'), ['echo', 'a b', `"c'`, '\\']);
    assert.deepEqual(tokenize('echo "a\\"b" "\\n\\$x"'), ['echo', 'a"b', 'n$x'], 'inside double quotes any character is escaped');
    assert.deepEqual(tokenize(`echo 'a\\b' 'c\\'`), ['echo', 'a\\b', 'c\\'], 'inside single quotes a backslash is literal');
  });

  it('never expands anything, and treats shell operators as plain characters', () => {
    assert.deepEqual(tokenize('echo $HOME ~ *.yaml `id` $(id)'), ['echo', '$HOME', '~', '*.yaml', '`id`', '$(id)']);
    assert.deepEqual(tokenize('kubectl get po | grep web; rm -rf / && x > out 2>&1 <in'), [
      'kubectl',
      'get',
      'po',
      '|',
      'grep',
      'web;',
      'rm',
      '-rf',
      '/',
      '&&',
      'x',
      '>',
      'out',
      '2>&1',
      '<in',
    ]);
    assert.deepEqual(tokenize('echo (a b) ) ('), ['echo', '(a', 'b)', ')', '(']);
  });

  it('keeps Unicode as it is', () => {
    assert.deepEqual(tokenize('echo 👩\u200d💻 "שלום עולם" e\u0301\u0302 🇫🇷'), [
      'echo',
      '👩\u200d💻',
      'שלום עולם',
      'e\u0301\u0302',
      '🇫🇷',
    ]);
    assert.deepEqual(tokenize('echo a\u00a0b'), ['echo', 'a\u00a0b'], 'a no-break space is not a separator, as in go-shellwords');
  });

  it('refuses an unclosed double quote, naming its column', () => {
    assert.throws(() => tokenize('kubectl get "po -n x'), {
      name: 'CommandSyntaxError',
      code: 'CHATKUBE_ERR_COMMAND_SYNTAX',
      line: 1,
      column: 13,
      message:
        'the " at column 13 (`"po -n x`) is never closed: close it, or write \\" for a literal " (typographic quotes “ ” ‘ ’ count as ")',
    });
    assert.throws(() => tokenize(`echo "a 'b' c`), { column: 6 }, 'single quotes inside do not close it');
  });

  it('refuses an unclosed single quote, naming its column in characters, and its line when there are several', () => {
    assert.throws(() => tokenize(`doctor why isn't it`), {
      column: 15,
      message: /^the ' at column 15 \(`'t it`\) is never closed/,
    });
    assert.throws(() => tokenize(`echo 😀😀 'x`), { column: 9 }, 'an emoji is one column');
    assert.throws(() => tokenize(`echo a\necho 'b`), { line: 2, column: 6, message: /^the ' at line 2, column 6 / });
    assert.throws(() => tokenize(`echo 'a\nb`), { line: 1, column: 6, message: /at line 1, column 6 \(`'a`\)/ });
  });

  it('shortens the excerpt of a long command', () => {
    assert.throws(() => tokenize(`echo "${'x'.repeat(40)}`), {
      message: `the " at column 6 (\`"${'x'.repeat(15)}…\`) is never closed: close it, or write \\" for a literal " (typographic quotes “ ” ‘ ’ count as ")`,
    });
  });

  it('refuses a backslash that ends the command', () => {
    assert.throws(() => tokenize('echo a\\'), {
      code: 'CHATKUBE_ERR_COMMAND_SYNTAX',
      column: 7,
      message: 'the \\ at column 7 ends the command and escapes nothing: remove it, or write \\\\ for a backslash',
    });
    assert.throws(() => tokenize('\\'), { column: 1 });
  });
});

describe('splitWords', () => {
  it('gives each word its place in the text, quotes and escapes included', () => {
    const command = `kubectl  --filter="a b" \\x ''`;
    const words = splitWords(command);
    assert.deepEqual(
      words.map((word) => [word.value, command.slice(word.start, word.end)]),
      [
        ['kubectl', 'kubectl'],
        ['--filter=a b', '--filter="a b"'],
        ['x', '\\x'],
        ['', "''"],
      ],
    );
  });

  it('counts places in UTF-16 units, so that slice works with emoji', () => {
    const command = '😀 "a" 😀';
    assert.deepEqual(
      splitWords(command).map((word) => command.slice(word.start, word.end)),
      ['😀', '"a"', '😀'],
    );
  });
});
