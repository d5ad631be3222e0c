import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ChatkubeError,
  codeBlock,
  commandButton,
  encodeMessage,
  mergeConfigs,
  multiSelect,
  options,
  plaintext,
  staticSelect,
  textInput,
  urlButton,
} from '../src/index.js';

describe('builders', () => {
  it('make filterable bodies', () => {
    assert.deepEqual(codeBlock('x', { filter: true }), { type: 'baseBodyWithFilter', baseBody: { codeBlock: 'x' } });
    assert.deepEqual(plaintext('y'), { baseBody: { plaintext: 'y' } });
  });

  it('prefix commands with the bot name placeholder, as Botkube does', () => {
    assert.deepEqual(commandButton('Get', 'kubectl get po', { description: true, style: 'primary' }), {
      name: 'Get',
      command: '{{BotName}} kubectl get po',
      description: '{{BotName}} kubectl get po',
      descriptionStyle: 'code',
      style: 'primary',
    });
    assert.deepEqual(urlButton('Docs', 'https://example.com'), { name: 'Docs', url: 'https://example.com' });
    const select = staticSelect('ns', 'kubectl get po -n', [
      { name: 'all', options: options('default', ['System', 'kube-system']) },
    ]);
    assert.equal(select.command, '{{BotName}} kubectl get po -n');
    assert.deepEqual(select.optionGroups?.[0]?.options?.[1], { name: 'System', value: 'kube-system' });
    assert.equal(multiSelect('m', 'pick', options('a')).command, '{{BotName}} pick');
    assert.equal(textInput('Filter', 'logs --filter=').dispatchedAction, 'on_enter_pressed');
  });

  it('produce messages that encode', () => {
    assert.match(encodeMessage({ sections: [{ buttons: [commandButton('a', 'b')] }] }), /"command":"\{\{BotName\}\} b"/);
  });
});

describe('mergeConfigs', () => {
  it('merges in order, later winning, maps deeply, arrays replaced', () => {
    const defaults = { a: 1, nested: { x: 1, y: [1, 2] }, keep: true };
    const merged = mergeConfigs(defaults, [{ a: 2, nested: { y: [3] } }, null, { nested: { z: 'z' } }]);
    assert.deepEqual(merged, { a: 2, nested: { x: 1, y: [3], z: 'z' }, keep: true });
    assert.deepEqual(defaults, { a: 1, nested: { x: 1, y: [1, 2] }, keep: true }, 'inputs are not modified');
  });

  it('refuses a config that is not a mapping, with a code', () => {
    assert.throws(
      () => mergeConfigs({}, [[1, 2]]),
      (error: unknown) => {
        assert.ok(error instanceof ChatkubeError);
        assert.equal(error.code, 'CHATKUBE_ERR_PLUGIN_CONFIG');
        assert.match(error.message, /got a list/);
        return true;
      },
    );
  });
});
