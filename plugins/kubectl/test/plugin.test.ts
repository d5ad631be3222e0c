/**
 * The plugin object with a recording stand-in kubectl: what kubectl is
 * started with (argv, never a shell; KUBECONFIG), what the user reads back,
 * streams that end and kill kubectl, the builder.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ExecuteInput, ExecuteOutput, Message } from '@chatkube/api';
import { kubectl } from '../src/index.js';
import { RecordingKubectl } from './recording-kubectl.js';

const fake = new RecordingKubectl();
const saved = { ...process.env };
before(() => {
  process.env.PLUGIN_DEPENDENCY_DIR = fake.dir;
  delete process.env.KUBECONFIG;
});
after(() => {
  process.env = saved;
});
beforeEach(() => {
  fake.clear();
  fake.script({});
});

const input = (command: string, extra: Partial<ExecuteInput['context']> = {}, configs: unknown[] = []): ExecuteInput => ({
  command,
  configs,
  context: { isInteractivitySupported: false, incomingWebhook: { baseSourceURL: '' }, ...extra },
});

async function outputs(
  command: string,
  extra: Partial<ExecuteInput['context']> = {},
  configs: unknown[] = [],
  signal = new AbortController().signal,
) {
  const result = kubectl.execute(input(command, extra, configs), signal);
  const all: ExecuteOutput[] = [];
  if (Symbol.asyncIterator in result) for await (const output of result) all.push(output);
  else all.push(await result);
  return all;
}
const text = (message: Message | undefined): string => message?.baseBody?.codeBlock ?? message?.baseBody?.plaintext ?? '';
const answer = async (command: string, extra: Partial<ExecuteInput['context']> = {}, configs: unknown[] = []) =>
  text((await outputs(command, extra, configs)).at(-1)?.message);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the kubectl plugin', () => {
  it('runs kubectl with the words as argv and answers its output in a filterable code block', async () => {
    fake.script({ 'get pods': { stdout: 'NAME  READY\nweb   1/1\n' } });
    const [output] = await outputs('kubectl get pods -n x');
    assert.deepEqual(
      fake.calls().map((call) => call.argv),
      [['get', 'pods', '-n', 'x']],
    );
    assert.deepEqual(output?.message, { type: 'baseBodyWithFilter', baseBody: { codeBlock: 'NAME  READY\nweb   1/1' } });
  });

  it('passes shell syntax as plain words: nothing is interpreted, no file is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwned-'));
    const pwned = join(dir, 'pwned');
    await answer(`kubectl get pods $(touch ${pwned}) \`touch ${pwned}\` ';' "&&" touch ${pwned} '|' a;b`);
    assert.deepEqual(fake.calls()[0]?.argv, [
      'get',
      '-n',
      'default',
      'pods',
      `$(touch`,
      `${pwned})`,
      `\`touch`,
      `${pwned}\``,
      ';',
      '&&',
      'touch',
      pwned,
      '|',
      'a;b',
    ]);
    assert.equal(existsSync(pwned), false);
    assert.match(await answer('kubectl get pods\ntouch /tmp/x'), /one line/);
    assert.match(await answer('kubectl get pods; rm -rf /'), /-f is not allowed/);
    assert.equal(fake.calls().length, 1, 'refused commands run nothing');
  });

  it('refuses with the reason and runs nothing', async () => {
    assert.match(await answer('kubectl get pods --kubeconfig=/etc/kubernetes/admin.conf'), /--kubeconfig is not allowed/);
    assert.match(await answer('kubectl get pods --token abc'), /--token is not allowed/);
    assert.match(await answer('kubectl edit deploy web'), /verb edit is not allowed/);
    assert.match(await answer('kubectl delete pod web'), /verb delete is not allowed here/);
    assert.match(
      await answer('kubectl get secret x -o jsonpath={.data}'),
      /output jsonpath=\{\.data\} is not allowed for Secrets/,
    );
    assert.match(await answer('kubectl get secret x --template={{.data}}'), /not allowed for Secrets/);
    assert.match(await answer('kubectl get secrets -w -o yaml'), /Watching Secrets/);
    for (const format of [
      'go-template-file=/etc/passwd',
      'jsonpath-file=/etc/passwd',
      'custom-columns-file=/x',
      'templatefile=/x',
    ]) {
      assert.match(await answer(`kubectl get pods -o ${format}`), /reads a file on the plugin's host/);
    }
    assert.equal(fake.calls().length, 0);
  });

  it('writes the generated kubeconfig to a private file for the call and deletes it after', async () => {
    const kubeConfig = new TextEncoder().encode('apiVersion: v1\nkind: Config\n# for this call\n');
    await answer('kubectl get pods', { kubeConfig });
    const [call] = fake.calls();
    assert.ok(call?.kubeconfig);
    assert.equal(call.kubeconfigContent, 'apiVersion: v1\nkind: Config\n# for this call\n');
    assert.equal(call.kubeconfigMode, 0o600);
    assert.equal(existsSync(call.kubeconfig), false);
  });

  it('deletes the kubeconfig when kubectl fails too, and answers its stderr', async () => {
    fake.script({ get: { stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 } });
    const text = await answer('kubectl get pods nope', { kubeConfig: new TextEncoder().encode('x: y\n') });
    assert.equal(text, 'Error from server (NotFound): pods "nope" not found');
    assert.equal(existsSync(fake.calls()[0]?.kubeconfig ?? ''), false);
  });

  it("uses the plugin's own KUBECONFIG when the agent gives no kubeconfig", async () => {
    process.env.KUBECONFIG = '/somewhere/config';
    try {
      await answer('kubectl get pods');
      assert.equal(fake.calls()[0]?.kubeconfig, '/somewhere/config');
    } finally {
      delete process.env.KUBECONFIG;
    }
  });

  it('never shows Secret values, in JSON or YAML, and strips colours', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'aHVudGVyMg==' } };
    fake.script({
      'get secrets': { stdout: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [secret] }) },
      'get secret': { stdout: 'apiVersion: v1\ndata:\n  password: aHVudGVyMg==\nkind: Secret\n' },
      'get all': { stdout: 'not json' },
      'get sec': { stdout: '{"kind": "Secret", "data": {"a": "aHVudGVyMg=="' },
      'get pods': { stdout: '\u001b[32mweb\u001b[0m Running\n' },
    });
    const json = await answer('kubectl get secrets,pods -o json');
    assert.match(json, /"password": "<redacted>"/);
    assert.doesNotMatch(json, /aHVudGVyMg/);
    assert.doesNotMatch(await answer('kubectl get secret/s -o yaml'), /aHVudGVyMg/);
    assert.match(await answer('kubectl get sec -o json'), /could not be read to redact Secret values, so it is not shown/);
    assert.equal(await answer('kubectl get pods'), 'web Running');
  });

  it('says how to fix a missing kubectl', async () => {
    const path = process.env.PATH;
    process.env.PLUGIN_DEPENDENCY_DIR = mkdtempSync(join(tmpdir(), 'empty-'));
    process.env.PATH = '/nonexistent';
    try {
      const text = await answer('kubectl get pods');
      assert.match(text, /kubectl is not installed where the plugin looks: kubectl was not found in PLUGIN_DEPENDENCY_DIR/);
      assert.match(text, /Install kubectl/);
    } finally {
      process.env.PATH = path;
      process.env.PLUGIN_DEPENDENCY_DIR = fake.dir;
    }
  });

  it('streams logs -f with accumulated updates until streamTimeout, then kills kubectl and deletes the kubeconfig', async () => {
    fake.script({ logs: { stream: true } });
    const all = await outputs('kubectl logs web -f', { kubeConfig: new TextEncoder().encode('k: v\n') }, [
      { streamTimeout: '300ms' },
    ]);
    assert.ok(all.length >= 2, `several updates, got ${all.length}`);
    const last = text(all.at(-1)?.message);
    assert.match(last, /^line 1\nline 2\n/);
    assert.match(last, /\(stopped after 300ms, the streamTimeout of the kubectl plugin\)$/);
    const [call] = fake.calls();
    assert.deepEqual(call?.argv, ['logs', '-n', 'default', 'web', '-f']);
    assert.equal(alive(call?.pid ?? 0), false);
    assert.equal(existsSync(call?.kubeconfig ?? ''), false);
  });

  it('kills a watch when the call is cancelled or the reader stops', async () => {
    fake.script({ get: { stream: true } });
    const controller = new AbortController();
    const result = kubectl.execute(input('kubectl get pods -w'), controller.signal) as AsyncIterable<ExecuteOutput>;
    await assert.rejects(async () => {
      for await (const _ of result) controller.abort(new Error('cancelled by the test'));
    }, /cancelled by the test/);
    assert.equal(alive(fake.calls()[0]?.pid ?? 0), false);
    fake.clear();
    const again = kubectl.execute(
      input('kubectl get pods --watch'),
      new AbortController().signal,
    ) as AsyncIterable<ExecuteOutput>;
    for await (const _ of again) break;
    assert.equal(alive(fake.calls()[0]?.pid ?? 0), false);
  });

  it('offers the builder on interactive platforms, and asks for a command elsewhere', async () => {
    assert.match(await answer('kubectl'), /Please specify the kubectl command/);
    const [first] = await outputs('kubectl', { isInteractivitySupported: true });
    const verbs = first?.message.sections?.[0]?.selects?.items?.[0];
    assert.equal(verbs?.command, '{{BotName}} kubectl @builder --verbs');
    assert.deepEqual(
      verbs?.optionGroups?.[0]?.options?.map((o) => o.value),
      ['api-resources', 'api-versions', 'cluster-info', 'describe', 'explain', 'get', 'logs', 'top'],
    );
    assert.equal(fake.calls().length, 0);

    fake.script({
      'get namespaces': { stdout: 'namespace/default\nnamespace/team\n' },
      'get pods': { stdout: 'pod/web\npod/db\n' },
    });
    const [built] = await outputs('kubectl @builder --verbs get --resource-type pods --namespace team', {
      isInteractivitySupported: true,
    });
    const [section, preview] = built?.message.sections ?? [];
    const items = section?.selects?.items ?? [];
    assert.deepEqual(
      items.map((item) => item.command),
      [
        '{{BotName}} kubectl @builder --verbs',
        '{{BotName}} kubectl @builder --verbs get --resource-type',
        '{{BotName}} kubectl @builder --verbs get --resource-type pods --namespace',
        '{{BotName}} kubectl @builder --verbs get --resource-type pods --namespace team --resource-name',
      ],
    );
    assert.deepEqual(
      items[3]?.optionGroups?.[0]?.options?.map((o) => o.value),
      ['web', 'db'],
    );
    assert.equal(items[2]?.initialOption?.value, 'team');
    assert.equal(preview?.body?.codeBlock, 'kubectl get pods -n team');
    assert.equal(preview?.buttons?.[0]?.command, '{{BotName}} kubectl get pods -n team');
    assert.deepEqual(
      fake.calls().map((call) => call.argv),
      [
        ['get', '-n', 'default', 'namespaces', '-o', 'name'],
        ['get', 'pods', '-o', 'name', '-n', 'team'],
      ],
    );
  });

  it('merges the configs of every bound group, later winning, lists replaced whole', async () => {
    const configs = [
      { defaultNamespace: 'a', allowed: { verbs: ['get', 'describe'] } },
      { defaultNamespace: 'b', allowed: { verbs: ['describe'] } },
    ];
    await answer('kubectl describe pod web', {}, configs);
    assert.deepEqual(fake.calls()[0]?.argv, ['describe', '-n', 'b', 'pod', 'web']);
    assert.match(await answer('kubectl get pods', {}, configs), /The verb get is not allowed here. Allowed verbs: describe\./);
  });

  it('answers a bad config as text', async () => {
    assert.match(await answer('kubectl logs web -f', {}, [{ streamTimeout: 'soon' }]), /streamTimeout must be a duration/);
  });

  it('has help with buttons and a draft-07 config schema', async () => {
    const help = await kubectl.help?.();
    assert.ok(help?.sections?.[0]?.buttons?.some((button) => button.command === '{{BotName}} kubectl get pods'));
    const schema = kubectl.metadata.jsonSchema?.value as { $schema: string; properties: Record<string, { default?: unknown }> };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.properties.defaultNamespace?.default, 'default');
  });
});
