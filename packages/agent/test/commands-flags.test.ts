import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReservedFlags } from '../src/commands/flags.js';

describe('parseReservedFlags', () => {
  it('returns a command without reserved flags unchanged', () => {
    assert.deepEqual(parseReservedFlags(`kubectl get po -l 'app=web'  -n x`), {
      command: `kubectl get po -l 'app=web'  -n x`,
      allClusters: false,
    });
    assert.deepEqual(parseReservedFlags(''), { command: '', allClusters: false });
  });

  it('extracts each flag with = or a space, and removes it with the space before it', () => {
    assert.deepEqual(parseReservedFlags('kubectl get po --cluster-name=prod -n default'), {
      command: 'kubectl get po -n default',
      clusterName: 'prod',
      allClusters: false,
    });
    assert.deepEqual(parseReservedFlags('kubectl get po --cluster-name prod'), {
      command: 'kubectl get po',
      clusterName: 'prod',
      allClusters: false,
    });
    assert.deepEqual(parseReservedFlags('kubectl get po --filter web --bk-cmd-header="Pods" --all-clusters'), {
      command: 'kubectl get po',
      filter: 'web',
      header: 'Pods',
      allClusters: true,
    });
    assert.deepEqual(parseReservedFlags('kubectl get po --bk-cmd-header Pods'), {
      command: 'kubectl get po',
      header: 'Pods',
      allClusters: false,
    });
  });

  it('finds flags at the start, in the middle and at the end', () => {
    const expected = { command: 'kubectl get po', filter: 'web', allClusters: false };
    assert.deepEqual(parseReservedFlags('--filter=web kubectl get po'), expected);
    assert.deepEqual(parseReservedFlags('--filter web kubectl get po'), expected);
    assert.deepEqual(parseReservedFlags('kubectl --filter=web get po'), expected);
    assert.deepEqual(parseReservedFlags('kubectl get po --filter=web'), expected);
    assert.deepEqual(parseReservedFlags('kubectl get\n--filter=web\npo'), { ...expected, command: 'kubectl get\npo' });
    assert.deepEqual(parseReservedFlags('--all-clusters --cluster-name=a --filter=b'), {
      command: '',
      clusterName: 'a',
      filter: 'b',
      allClusters: true,
    });
  });

  it('reads quoted and escaped values, and keeps the quotes of the rest of the command', () => {
    assert.deepEqual(parseReservedFlags(`kubectl logs po --filter="a b" -c 'my app'`), {
      command: `kubectl logs po -c 'my app'`,
      filter: 'a b',
      allClusters: false,
    });
    assert.equal(parseReservedFlags(`x --filter='say "hi"'`).filter, 'say "hi"');
    assert.equal(parseReservedFlags('x --filter "a b"').filter, 'a b');
    assert.equal(parseReservedFlags('x --filter=a\\ b').filter, 'a b');
    assert.equal(parseReservedFlags('x --filter=ERROR|WARN').filter, 'ERROR|WARN');
    assert.equal(parseReservedFlags('x --filter=botkube.   . [] *?   ^').filter, 'botkube.');
    assert.equal(parseReservedFlags('x "--filter=botkube.   . [] *?   ^  ===== /test/"').filter, undefined);
    assert.equal(
      parseReservedFlags('x --filter="botkube.   . [] *?   ^  ===== /test/"').filter,
      'botkube.   . [] *?   ^  ===== /test/',
    );
    assert.equal(parseReservedFlags('x --filter=😀\u200d').filter, '😀\u200d');
  });

  it('counts an explicitly empty value as no flag, and refuses --flag= with nothing after it', () => {
    assert.deepEqual(parseReservedFlags('kubectl get po --filter=""'), { command: 'kubectl get po', allClusters: false });
    assert.deepEqual(parseReservedFlags("kubectl get po --cluster-name ''"), { command: 'kubectl get po', allClusters: false });
    assert.throws(() => parseReservedFlags('kubectl get po --filter='), {
      name: 'CommandFlagError',
      code: 'CHATKUBE_ERR_COMMAND_FLAG',
      flag: '--filter',
      message: '--filter= has no value: write --filter=VALUE, or --filter="" for none',
    });
    assert.throws(() => parseReservedFlags('--cluster-name= x'), { flag: '--cluster-name' });
  });

  it('refuses a flag given twice, naming it', () => {
    assert.throws(() => parseReservedFlags('kubectl get po --filter=a --filter b'), {
      code: 'CHATKUBE_ERR_COMMAND_FLAG',
      flag: '--filter',
      message: '--filter is given more than once: give it once',
    });
    assert.throws(() => parseReservedFlags('--cluster-name=a x --cluster-name=a'), { flag: '--cluster-name' });
    assert.throws(() => parseReservedFlags('x --all-clusters --all-clusters'), { flag: '--all-clusters' });
    assert.throws(() => parseReservedFlags('x --bk-cmd-header=a --bk-cmd-header=""'), { flag: '--bk-cmd-header' });
  });

  it('refuses a flag without a value', () => {
    assert.throws(() => parseReservedFlags('kubectl get po --filter'), {
      flag: '--filter',
      message: '--filter needs a value: write --filter=VALUE or --filter VALUE',
    });
    assert.throws(() => parseReservedFlags('kubectl get po --cluster-name --filter=x'), {
      flag: '--cluster-name',
      message:
        '--cluster-name needs a value, and "--filter=x" after it starts with "-": write --cluster-name=VALUE or --cluster-name VALUE',
    });
  });

  it('refuses a value starting with -, as Botkube does', () => {
    assert.throws(() => parseReservedFlags('kubectl get po --filter -n'), {
      flag: '--filter',
      message: /"-n" after it starts with "-"/,
    });
    assert.throws(() => parseReservedFlags('kubectl get po --filter=-n'), {
      flag: '--filter',
      message: '--filter=-n: a value of --filter cannot start with "-"',
    });
    assert.throws(() => parseReservedFlags('x --cluster-name="-prod"'), { flag: '--cluster-name' });
  });

  it('reads --all-clusters alone or with a Go boolean, never taking the next word', () => {
    assert.deepEqual(parseReservedFlags('x --all-clusters=false y'), { command: 'x y', allClusters: false });
    assert.deepEqual(parseReservedFlags('x --all-clusters=True'), { command: 'x', allClusters: true });
    assert.deepEqual(parseReservedFlags('x --all-clusters false'), { command: 'x false', allClusters: true });
    assert.throws(() => parseReservedFlags('x --all-clusters=yes'), {
      flag: '--all-clusters',
      message: '--all-clusters takes no value, or =true or =false; not "yes"',
    });
  });

  it('recognises only whole, plainly written flags', () => {
    assert.deepEqual(parseReservedFlags('x --filtered=a --all-clusters-x --cluster-names b -filter=c'), {
      command: 'x --filtered=a --all-clusters-x --cluster-names b -filter=c',
      allClusters: false,
    });
    assert.deepEqual(parseReservedFlags(`echo "--filter=a" \\--cluster-name=b '--all-clusters'`), {
      command: `echo "--filter=a" \\--cluster-name=b '--all-clusters'`,
      allClusters: false,
    });
    assert.equal(parseReservedFlags('x --Filter=a').filter, undefined, 'flag names are case-sensitive');
  });

  it('leaves flags after a -- word to the command behind it', () => {
    assert.deepEqual(parseReservedFlags('kubectl exec po --filter=a -- grep --filter=x --filter=y'), {
      command: 'kubectl exec po -- grep --filter=x --filter=y',
      filter: 'a',
      allClusters: false,
    });
  });

  it('refuses unbalanced quotes instead of guessing, as a syntax error', () => {
    assert.throws(() => parseReservedFlags(`kubectl get po --filter="a b`), { code: 'CHATKUBE_ERR_COMMAND_SYNTAX', column: 25 });
    assert.throws(() => parseReservedFlags(`doctor why isn't --filter=x`), { code: 'CHATKUBE_ERR_COMMAND_SYNTAX', column: 15 });
  });
});
