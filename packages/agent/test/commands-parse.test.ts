import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Aliases, parseCommand } from '../src/commands/index.js';

const aliases: Aliases = {
  k: { command: 'kubectl' },
  kc: { command: 'kubectl' },
  kgp: { command: 'kubectl get pods --filter=Running', displayName: 'Running pods' },
};

describe('parseCommand', () => {
  it('sanitizes, strips the mention, expands the alias, extracts the flags and splits the words', () => {
    assert.deepEqual(
      parseCommand('<@U1>  kc get <http://web.io|web.io> -l “app=a b” --filter=“Run”  --cluster-name prod ', {
        aliases,
        botName: '<@U1>',
      }),
      {
        raw: '<@U1>  kc get <http://web.io|web.io> -l “app=a b” --filter=“Run”  --cluster-name prod ',
        expanded: 'kubectl get web.io -l "app=a b" --filter="Run"  --cluster-name prod',
        clean: 'kubectl get web.io -l "app=a b"',
        args: ['kubectl', 'get', 'web.io', '-l', 'app=a b'],
        flags: { filter: 'Run', clusterName: 'prod', allClusters: false },
        alias: 'kc',
      },
    );
  });

  it('extracts flags an alias brings, and those typed after it', () => {
    const parsed = parseCommand('kgp -n kube-system --all-clusters', { aliases });
    assert.equal(parsed.expanded, 'kubectl get pods --filter=Running -n kube-system --all-clusters');
    assert.equal(parsed.clean, 'kubectl get pods -n kube-system');
    assert.deepEqual(parsed.flags, { filter: 'Running', allClusters: true });
    assert.throws(() => parseCommand('kgp --filter=x', { aliases }), { code: 'CHATKUBE_ERR_COMMAND_FLAG', flag: '--filter' });
  });

  it('expands an alias equal to the whole command', () => {
    assert.deepEqual(parseCommand('{{BotName}} k', { aliases }), {
      raw: '{{BotName}} k',
      expanded: 'kubectl',
      clean: 'kubectl',
      args: ['kubectl'],
      flags: { allClusters: false },
      alias: 'k',
    });
  });

  it('gives no words for an empty or blank command, or a bare mention', () => {
    for (const raw of ['', '   \n\t ', '\u0000', '@chatkube', '{{BotName}}  ']) {
      const parsed = parseCommand(raw, { aliases, botName: '@chatkube' });
      assert.deepEqual(parsed.args, [], JSON.stringify(raw));
      assert.equal(parsed.clean, '');
      assert.equal(parsed.alias, undefined);
    }
  });

  it('keeps Unicode and drops control characters', () => {
    const parsed = parseCommand('echo 👩\u200d💻\u0000 "שלום עולם" e\u0301\u001b', { aliases: {} });
    assert.deepEqual(parsed.args, ['echo', '👩\u200d💻', 'שלום עולם', 'e\u0301']);
  });

  it('refuses bad input with a coded error', () => {
    assert.throws(() => parseCommand(`k get ${'x'.repeat(1024 * 1024)}`, { aliases }), { code: 'CHATKUBE_ERR_COMMAND_TOO_LONG' });
    assert.throws(() => parseCommand('k get po', { aliases, maxLength: 4 }), { code: 'CHATKUBE_ERR_COMMAND_TOO_LONG', limit: 4 });
    // Columns count in the expanded command (`kubectl logs 'po`); the excerpt shows the place whatever the alias.
    assert.throws(() => parseCommand(`k logs 'po`, { aliases }), {
      code: 'CHATKUBE_ERR_COMMAND_SYNTAX',
      column: 14,
      message: /`'po`/,
    });
    assert.throws(() => parseCommand('k logs "po', { aliases }), { code: 'CHATKUBE_ERR_COMMAND_SYNTAX', message: /`"po`/ });
    assert.throws(() => parseCommand('k get po --cluster-name a --cluster-name=b', { aliases }), { flag: '--cluster-name' });
  });

  it('hands shell operators on as words: nothing runs in a shell', () => {
    assert.deepEqual(parseCommand('kubectl get po | grep x; ls', { aliases }).args, [
      'kubectl',
      'get',
      'po',
      '|',
      'grep',
      'x;',
      'ls',
    ]);
  });
});
