import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_COMMAND_LENGTH, sanitizeCommand } from '../src/commands/sanitize.js';

describe('sanitizeCommand', () => {
  it('unwraps Slack links to their label, or their URL when they have none', () => {
    assert.equal(
      sanitizeCommand('kubectl get <http://prometheuses.monitoring.coreos.com|prometheuses.monitoring.coreos.com>'),
      'kubectl get prometheuses.monitoring.coreos.com',
    );
    assert.equal(sanitizeCommand('curl <https://Example.com:8443/a?b=1&c=2>'), 'curl https://Example.com:8443/a?b=1&c=2');
    assert.equal(
      sanitizeCommand('get <http://a.io|a.io> --cluster-name <http://xyz.alpha-sense.org|xyz.alpha-sense.org>'),
      'get a.io --cluster-name xyz.alpha-sense.org',
    );
    assert.equal(sanitizeCommand('mail <mailto:ops@example.com|ops@example.com>'), 'mail ops@example.com');
  });

  it('leaves other angle-bracket markup alone: mentions, channels, plain comparisons', () => {
    assert.equal(sanitizeCommand('<@U123> ping'), '<@U123> ping');
    assert.equal(sanitizeCommand('echo <#C1|general> <!here>'), 'echo <#C1|general> <!here>');
    assert.equal(sanitizeCommand('echo a<b c>d'), 'echo a<b c>d');
  });

  it('turns all four typographic quotes into ", as Botkube does', () => {
    assert.equal(sanitizeCommand('kubectl get po -l “app=web” ‘x y’'), 'kubectl get po -l "app=web" "x y"');
    assert.equal(sanitizeCommand('doctor why isn’t it'), 'doctor why isn"t it');
  });

  it('trims, and keeps inner whitespace as typed', () => {
    assert.equal(sanitizeCommand('  \n\t kubectl   get\tpo \n '), 'kubectl   get\tpo');
    assert.equal(sanitizeCommand(''), '');
    assert.equal(sanitizeCommand(' \t\n\r\n '), '');
  });

  it('makes line ends \\n and drops control characters other than tab and newline', () => {
    assert.equal(sanitizeCommand('echo a\r\nb\rc'), 'echo a\nb\nc');
    assert.equal(sanitizeCommand('echo a\u0000b\u0007c\u001b[31md\u007fe\u0085f\u009bg'), 'echo abc[31mdefg');
    assert.equal(sanitizeCommand('\u0000\u0001'), '');
  });

  it('keeps Unicode text as it is: emoji, right-to-left text, combining marks, joiners', () => {
    const text = 'echo 👩\u200d💻 שלום\u200f e\u0301 🇫🇷 日本語';
    assert.equal(sanitizeCommand(text), text);
  });

  it('refuses a command longer than the limit, saying how long it is and what the limit is', () => {
    assert.equal(MAX_COMMAND_LENGTH, 16384);
    assert.equal(sanitizeCommand('x'.repeat(MAX_COMMAND_LENGTH)).length, MAX_COMMAND_LENGTH);
    const megabyte = `echo ${'x'.repeat(1024 * 1024 - 5)}`;
    assert.throws(() => sanitizeCommand(megabyte), {
      name: 'CommandTooLongError',
      code: 'CHATKUBE_ERR_COMMAND_TOO_LONG',
      length: 1048576,
      limit: 16384,
      message: /1048576 bytes long .* at most 16384/,
    });
    assert.throws(() => sanitizeCommand('x'.repeat(MAX_COMMAND_LENGTH + 1)), { length: MAX_COMMAND_LENGTH + 1 });
  });

  it('counts the limit in UTF-8 bytes, before anything is removed', () => {
    const emoji = '😀'.repeat(4096); // 4 bytes each: exactly 16 KiB
    assert.equal(sanitizeCommand(emoji), emoji);
    assert.throws(() => sanitizeCommand(`${emoji}é`), { code: 'CHATKUBE_ERR_COMMAND_TOO_LONG', length: 16386 });
    assert.throws(() => sanitizeCommand(`ab${' '.repeat(20)}`, { maxLength: 10 }), { length: 22, limit: 10 });
    assert.equal(sanitizeCommand('ab        ', { maxLength: 10 }), 'ab');
  });
});
