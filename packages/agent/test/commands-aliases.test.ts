import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Aliases, expandAliases } from '../src/commands/aliases.js';

const aliases: Aliases = {
  k: { command: 'kubectl' },
  kc: { command: 'kubectl', displayName: 'Kubectl alias' },
  kgp: { command: 'kubectl get pods' },
  'k g': { command: 'kubectl get' },
};

describe('expandAliases', () => {
  it('replaces a command equal to an alias by its command', () => {
    assert.deepEqual(expandAliases('kgp', aliases), { command: 'kubectl get pods', alias: 'kgp' });
    assert.deepEqual(expandAliases('k', aliases), { command: 'kubectl', alias: 'k' });
  });

  it('replaces an alias followed by a space, once, and keeps the rest as typed', () => {
    assert.deepEqual(expandAliases('kgp -n  kube-system', aliases), {
      command: 'kubectl get pods -n  kube-system',
      alias: 'kgp',
    });
    assert.deepEqual(expandAliases('kc kc get', aliases), { command: 'kubectl kc get', alias: 'kc' });
    assert.deepEqual(expandAliases('k describe k', aliases), { command: 'kubectl describe k', alias: 'k' });
  });

  it('does not expand an alias that is only the start of a word, or not at the start', () => {
    assert.deepEqual(expandAliases('kcc get', aliases), { command: 'kcc get' });
    assert.deepEqual(expandAliases('kubectl get po', aliases), { command: 'kubectl get po' });
    assert.deepEqual(expandAliases('echo k', aliases), { command: 'echo k' });
    assert.deepEqual(expandAliases('K get', aliases), { command: 'K get' }, 'aliases are case-sensitive');
    assert.deepEqual(expandAliases('k\tget', aliases), { command: 'k\tget' }, 'only a space follows an alias, as in Botkube');
  });

  it('lets the longest matching alias win, whatever the order of the config', () => {
    assert.deepEqual(expandAliases('kc get po', aliases), { command: 'kubectl get po', alias: 'kc' });
    assert.deepEqual(expandAliases('k g po', aliases), { command: 'kubectl get po', alias: 'k g' });
    const reversed: Aliases = Object.fromEntries(Object.entries(aliases).reverse());
    assert.deepEqual(expandAliases('k g po', reversed), { command: 'kubectl get po', alias: 'k g' });
    assert.deepEqual(expandAliases('k get po', reversed), { command: 'kubectl get po', alias: 'k' });
  });

  it('leaves commands unchanged without aliases, and ignores an empty alias name', () => {
    assert.deepEqual(expandAliases('kgp', {}), { command: 'kgp' });
    assert.deepEqual(expandAliases('', { '': { command: 'boom' } }), { command: '' });
    assert.deepEqual(expandAliases(' x', { '': { command: 'boom' } }), { command: ' x' });
  });

  it('does not expand what an alias expands to', () => {
    assert.deepEqual(expandAliases('a', { a: { command: 'b' }, b: { command: 'c' } }), { command: 'b', alias: 'a' });
  });
});
