import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buttonCommand, inputCommand, multiSelectCommand, selectCommand, stripBotName } from '../src/commands.js';

describe('stripBotName', () => {
  it('removes the placeholder and the blanks after it, wherever it is', () => {
    assert.equal(stripBotName('{{BotName}} kubectl get po'), 'kubectl get po');
    assert.equal(stripBotName('Type {{BotName}}  help to start'), 'Type help to start');
    assert.equal(stripBotName('no placeholder'), 'no placeholder');
  });

  it('leaves look-alikes alone', () => {
    assert.equal(stripBotName('{{botname}} x {{BotName} y'), '{{botname}} x {{BotName} y');
  });
});

describe('command building', () => {
  it('a button runs its command without the placeholder; a URL button runs nothing', () => {
    assert.equal(buttonCommand('{{BotName}} kubectl describe po nginx'), 'kubectl describe po nginx');
    assert.equal(buttonCommand(undefined), undefined);
    assert.equal(buttonCommand('{{BotName}} '), undefined);
  });

  it('a select appends a space and the value', () => {
    assert.equal(selectCommand('{{BotName}} kubectl get po -n', 'kube-system'), 'kubectl get po -n kube-system');
  });

  it('a multi-select appends the values joined by commas', () => {
    assert.equal(multiSelectCommand('{{BotName}} notifier set kinds', ['pods', 'services']), 'notifier set kinds pods,services');
    assert.equal(multiSelectCommand('{{BotName}} notifier set kinds', []), 'notifier set kinds ');
  });

  it('a text input appends its value Go-quoted, with no space', () => {
    assert.equal(inputCommand('{{BotName}} kubectl get po --filter=', 'ng"x'), 'kubectl get po --filter="ng\\"x"');
    assert.equal(inputCommand(undefined, ''), '""');
  });
});
