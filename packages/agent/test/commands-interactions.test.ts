import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goQuote, goTrimSpace } from '@chatkube/api';
import {
  COMMAND_ORIGINS,
  interactionCommand,
  isCommandOrigin,
  multiSelectCommand,
  selectCommand,
  startsWithBotName,
  stripBotName,
  textInputCommand,
} from '../src/commands/interactions.js';

describe('goQuote', () => {
  // Expected values printed by Go 1.19's fmt.Sprintf("%q", s) for the same inputs.
  const fromGo: Array<[string, string]> = [
    ['text', '"text"'],
    ['a "b" \\c', '"a \\"b\\" \\\\c"'],
    ['tab\tnl\nret\r bell\x07 bs\b ff\f vt\v', '"tab\\tnl\\nret\\r bell\\a bs\\b ff\\f vt\\v"'],
    ['nul\x00 esc\x1b del\x7f c1\u0085 nbsp\u00a0', '"nul\\x00 esc\\x1b del\\x7f c1\\u0085 nbsp\\u00a0"'],
    ['héllo 日本語 😀', '"héllo 日本語 😀"'],
    ['👩\u200d💻', '"👩\\u200d💻"'],
    ['rtl \u200fשלום\u202e', '"rtl \\u200fשלום\\u202e"'],
    ['e\u0301', '"e\u0301"'],
    ['bom\ufeff zwsp\u200b', '"bom\\ufeff zwsp\\u200b"'],
    ['pua\ue000 \u{f0000}', '"pua\\ue000 \\U000f0000"'],
    ['ls\u2028ps\u2029', '"ls\\u2028ps\\u2029"'],
    ['\u3000ideo', '"\\u3000ideo"'],
    ['\u{1f1e6}', '"\u{1f1e6}"'],
    ['unassigned\u0378', '"unassigned\\u0378"'],
    ['', '""'],
  ];
  for (const [input, expected] of fromGo) {
    it(`quotes ${JSON.stringify(input)} as Go does`, () => assert.equal(goQuote(input), expected));
  }

  it('differs from JSON.stringify where Go differs', () => {
    assert.notEqual(goQuote('\x07\u00a0\u200d'), JSON.stringify('\x07\u00a0\u200d'));
  });

  it('writes a lone surrogate as U+FFFD, as Go reads it from JSON', () => {
    assert.equal(goQuote('a\ud800b'), '"a\ufffdb"');
  });
});

describe('goTrimSpace', () => {
  it("trims Go's whitespace: NEL and NBSP yes, BOM no", () => {
    assert.equal(goTrimSpace(' \t\n\v\f\r\u0085\u00a0\u3000x y\u2028 '), 'x y');
    assert.equal(goTrimSpace('\ufeffx\ufeff'), '\ufeffx\ufeff');
    assert.equal(goTrimSpace('   '), '');
  });
});

describe('interaction commands', () => {
  it('builds select, multi-select and text input commands as Botkube', () => {
    assert.equal(selectCommand('{{BotName}} kubectl @builder --verbs', 'get'), '{{BotName}} kubectl @builder --verbs get');
    assert.equal(
      multiSelectCommand('{{BotName}} edit SourceBindings', ['k8s-events', 'k8s-errors']),
      '{{BotName}} edit SourceBindings k8s-events,k8s-errors',
    );
    assert.equal(multiSelectCommand('x', []), 'x ');
    assert.equal(textInputCommand('@Botkube kubectl get po --filter=', '  web 1\n'), '@Botkube kubectl get po --filter="web 1"');
    assert.equal(textInputCommand('x --filter=', 'say "hi" \\ ok'), 'x --filter="say \\"hi\\" \\\\ ok"');
    assert.equal(textInputCommand('x --filter=', '  '), 'x --filter=""');
  });

  it('gives each interaction its origin', () => {
    assert.deepEqual(interactionCommand({ kind: 'button', command: '{{BotName}} ping' }), {
      text: '{{BotName}} ping',
      origin: 'buttonClick',
    });
    assert.deepEqual(interactionCommand({ kind: 'staticSelect', command: 'a', value: 'b' }), {
      text: 'a b',
      origin: 'selectValueChange',
    });
    assert.deepEqual(interactionCommand({ kind: 'multiSelect', command: 'a', values: ['b', 'c'] }), {
      text: 'a b,c',
      origin: 'multiSelectValueChange',
    });
    assert.deepEqual(interactionCommand({ kind: 'textInput', command: 'a=', value: 'é\t' }), {
      text: 'a="é"',
      origin: 'plainTextInput',
    });
  });

  it("knows Botkube's origins", () => {
    assert.equal(COMMAND_ORIGINS.length, 7);
    for (const origin of COMMAND_ORIGINS) assert.equal(isCommandOrigin(origin), true);
    assert.equal(isCommandOrigin('clicked'), false);
    assert.equal(isCommandOrigin(undefined), false);
  });
});

describe('stripBotName', () => {
  it('removes the {{BotName}} placeholder and the whitespace after it', () => {
    assert.equal(stripBotName('{{BotName}} kubectl get po'), 'kubectl get po');
    assert.equal(stripBotName('  {{BotName}}\n  ping', '<@U1>'), 'ping');
    assert.equal(stripBotName('{{BotName}}'), '');
  });

  it("removes a Slack or Discord mention, Discord's nickname form included", () => {
    assert.equal(stripBotName('<@U0123> kubectl get po', '<@U0123>'), 'kubectl get po');
    assert.equal(stripBotName('<@U0123>ping', '<@U0123>'), 'ping');
    assert.equal(stripBotName('<@!42> ping', '<@42>'), 'ping');
    assert.equal(stripBotName('<@U999> ping', '<@U0123>'), '<@U999> ping');
  });

  it('removes an @name mention in any case, only as a whole word', () => {
    assert.equal(stripBotName('@Chatkube ping', '@chatkube'), 'ping');
    assert.equal(stripBotName('@chatkube ping', 'chatkube'), 'ping');
    assert.equal(stripBotName('@chatkubex ping', '@chatkube'), '@chatkubex ping');
    assert.equal(stripBotName('ping @chatkube', '@chatkube'), 'ping @chatkube');
  });

  it('removes only one mention, and leaves text without one unchanged', () => {
    assert.equal(stripBotName('@bot @bot ping', '@bot'), '@bot ping');
    assert.equal(stripBotName('kubectl get po', '@bot'), 'kubectl get po');
    assert.equal(stripBotName('@bot ping'), '@bot ping', 'without a bot name only the placeholder goes');
  });

  it('tells whether a command starts with a mention', () => {
    assert.equal(startsWithBotName(' <@U1> ping', '<@U1>'), true);
    assert.equal(startsWithBotName('ping', '<@U1>'), false);
    assert.equal(startsWithBotName('{{BotName}} ping'), true);
  });
});
