import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import type { ExecuteInput, ExecuteOutput, ExecuteResult, Message } from '@chatkube/api';
import { helm } from '../src/index.js';
import { fakeHelm } from './fake-helm.js';

const fake = fakeHelm();
const scratch = mkdtempSync(join(tmpdir(), 'chatkube-helm-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
process.env.PLUGIN_DEPENDENCY_DIR = fake.dir;
process.env.CHATKUBE_PLUGIN_SECRET = 'must-not-reach-helm';

const input = (command: string, extra: Partial<ExecuteInput> = {}): ExecuteInput => ({
  command,
  configs: [],
  context: { isInteractivitySupported: false, incomingWebhook: { baseSourceURL: '' } },
  ...extra,
});

const isIterable = (result: Awaited<ExecuteResult>): result is AsyncIterable<ExecuteOutput> => Symbol.asyncIterator in result;

/** All outputs of one call: one for a plain answer, every update for a stream. */
async function run(command: string, extra: Partial<ExecuteInput> = {}, signal = new AbortController().signal) {
  const result = await helm.execute(input(command, extra), signal);
  if (!isIterable(result)) return [result];
  const updates: ExecuteOutput[] = [];
  for await (const update of result) updates.push(update);
  return updates;
}

const body = (message: Message): string => message.baseBody?.codeBlock ?? message.baseBody?.plaintext ?? '';
const lastCall = () => {
  const call = fake.calls().at(-1);
  assert.ok(call, 'helm was called');
  return call;
};

let callsBefore = 0;
beforeEach(() => {
  callsBefore = fake.calls().length;
});
const assertNotCalled = (): void => assert.equal(fake.calls().length, callsBefore, 'helm was not run');

describe('the helm executor', () => {
  it('runs helm list with -n <defaultNamespace> and answers with its output as a filterable code block', async () => {
    const [output] = await run('helm list');
    assert.deepEqual(output?.message, { type: 'baseBodyWithFilter', baseBody: { codeBlock: 'fake helm: list -n default\n' } });
    assert.deepEqual(lastCall().args, ['list', '-n', 'default']);
  });

  it('gives helm only its own settings, PATH and HOME', async () => {
    const [cache, cfg] = [join(scratch, 'c'), join(scratch, 'cfg')];
    await run('helm ls', { configs: [{ helmDriver: 'configmap', helmCacheDir: cache, helmConfigDir: cfg }] });
    const { env } = lastCall();
    const expected: Record<string, string> = {
      HELM_DRIVER: 'configmap',
      HELM_CACHE_HOME: cache,
      HELM_CONFIG_HOME: cfg,
      HELM_DATA_HOME: join(cfg, 'data'),
      PATH: process.env.PATH ?? '',
    };
    if (process.env.HOME) expected.HOME = process.env.HOME;
    if (process.env.KUBECONFIG) expected.KUBECONFIG = process.env.KUBECONFIG;
    assert.deepEqual(env, expected);
  });

  it("keeps helm's folders private, and refuses folders others may write to", async () => {
    const open = join(scratch, 'open');
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    await assert.rejects(run('helm ls', { configs: [{ helmConfigDir: open }] }), {
      code: 'CHATKUBE_ERR_FOLDER_NOT_PRIVATE',
      message: new RegExp(`^helm's config folder \\(helmConfigDir\\) ${open} is not private`),
    });
    assertNotCalled();
    const made = join(scratch, 'made', 'cache');
    await run('helm ls', { configs: [{ helmCacheDir: made }] });
    assert.equal(statSync(made).mode & 0o777, 0o700);
  });

  it("refuses charts named by a path on the agent's host", async () => {
    for (const chart of ['./chart', '../chart', '/etc/chart.tgz', '~/chart', 'file:///srv/chart.tgz']) {
      await assert.rejects(run(`helm install web ${chart}`), {
        code: 'CHATKUBE_ERR_HELM_REFUSED',
        message: /names a chart on the agent's host/,
      });
      await assert.rejects(run(`helm upgrade web ${chart}`), { code: 'CHATKUBE_ERR_HELM_REFUSED' });
    }
    assertNotCalled();
  });

  it("writes the agent's kubeconfig to a private file for the call and removes it after", async () => {
    const kubeConfig = new TextEncoder().encode('apiVersion: v1\nkind: Config\n');
    await run('helm status web', { context: { ...input('').context, kubeConfig } });
    const { kube, env } = lastCall();
    assert.ok(kube);
    assert.equal(env.KUBECONFIG, kube.path);
    assert.equal(kube.content, 'apiVersion: v1\nkind: Config\n');
    assert.equal(kube.mode, 0o600);
    assert.equal(existsSync(kube.path), false);
  });

  it('adds no namespace when the command names one, or all, and none to version', async () => {
    for (const [command, args] of [
      ['helm list -n kube-system', ['list', '-n', 'kube-system']],
      ['helm list -nkube-system', ['list', '-nkube-system']],
      ['helm list --namespace=apps', ['list', '--namespace=apps']],
      ['helm list --namespace apps', ['list', '--namespace', 'apps']],
      ['helm ls -A', ['ls', '-A']],
      ['helm list --all-namespaces', ['list', '--all-namespaces']],
      ['helm version --short', ['version', '--short']],
      ['helm hist web', ['hist', 'web', '-n', 'default']],
      ['helm get values web', ['get', 'values', 'web', '-n', 'default']],
    ] as const) {
      await run(command, { configs: [{ defaultNamespace: 'default' }] });
      assert.deepEqual(lastCall().args, args, command);
    }
    await run('helm status web', { configs: [{ defaultNamespace: 'apps' }, { defaultNamespace: 'prod' }] });
    assert.deepEqual(lastCall().args, ['status', 'web', '-n', 'prod']);
  });

  it('documents helm list -f, since the agent keeps --filter', async () => {
    await run('helm list -f ^web');
    assert.deepEqual(lastCall().args, ['list', '-f', '^web', '-n', 'default']);
    const [help] = await run('helm --help');
    assert.match(body(help?.message ?? {}), /use helm list -f <regex>/);
  });

  it('answers -h, --help and a bare helm with its own help, without running helm', async () => {
    for (const command of ['helm', 'helm -h', 'helm --help', 'helm help']) {
      const [output] = await run(command);
      assert.match(body(output?.message ?? {}), /^Usage: helm <subcommand> \[flags\]/, command);
    }
    const [install] = await run('helm install -h');
    assert.match(body(install?.message ?? {}), /^Usage: helm install <release> <chart>/);
    assertNotCalled();
  });

  it('refuses subcommands it does not support, naming them', async () => {
    for (const sub of ['repo', 'plugin', 'pull', 'template', 'env', 'registry']) {
      await assert.rejects(run(`helm ${sub} add x`), {
        code: 'CHATKUBE_ERR_HELM_REFUSED',
        message: new RegExp(`^helm ${sub} is not supported here; supported: list, `),
      });
    }
    await assert.rejects(run('helm get secrets web'), {
      message: /helm get takes one of all, hooks, manifest, notes, values, then a release; got "secrets"/,
    });
    await assert.rejects(run('helm get'), { message: /got nothing/ });
    await assert.rejects(run('helm -n x list'), { message: /put the subcommand first/ });
    assertNotCalled();
  });

  it('refuses flags that change the cluster or identity, in every spelling, and --post-renderer', async () => {
    for (const flag of [
      '--kubeconfig=/etc/passwd',
      '--kubeconfig /etc/passwd',
      '--kube-context=prod',
      '--kube-token t',
      '--kube-as-user=admin',
      '--kube-as-group system:masters',
      '--kube-apiserver=https://evil',
      '--kube-ca-file=/x',
      '--kube-tls-server-name=x',
      '--kube-insecure-skip-tls-verify',
      '--kube-insecure-skip-tls-verify=true',
      '--registry-config=/x',
      '--repository-config /x',
      '--repository-cache=/x',
    ]) {
      const name = flag.split(/[ =]/)[0];
      await assert.rejects(run(`helm list ${flag}`), {
        code: 'CHATKUBE_ERR_HELM_REFUSED',
        message: `the flag ${name} is not allowed: it changes which cluster or identity helm uses, which the agent decides`,
      });
    }
    await assert.rejects(run('helm install x repo/c --post-renderer=/bin/sh'), { message: /--post-renderer is not allowed/ });
    assertNotCalled();
  });

  it("refuses values files on the agent's host, and --set-file; URLs and list's -f filter pass", async () => {
    for (const flag of [
      '-f /var/run/secrets/kubernetes.io/serviceaccount/token',
      '-f=/etc/passwd',
      '-f/etc/passwd',
      '--values /etc/passwd',
      '--values=/etc/passwd,https://example.com/v.yaml',
    ]) {
      await assert.rejects(run(`helm install web repo/chart ${flag}`), {
        code: 'CHATKUBE_ERR_HELM_REFUSED',
        message: /values files are read on the agent's host; name them by http\(s\) URL of a host the helm config allows/,
      });
      await assert.rejects(run(`helm upgrade web repo/chart ${flag}`), { code: 'CHATKUBE_ERR_HELM_REFUSED' });
    }
    await assert.rejects(run('helm install web repo/chart --set-file key=/etc/passwd'), {
      message: /--set-file: it reads a file on the agent's host/,
    });
    assertNotCalled();
    await assert.rejects(run('helm install web repo/chart -f https://example.com/values.yaml'), {
      message: /example\.com is not in the helm config's allowedValuesHosts \(none\)/,
    });
    assertNotCalled();
    const allowed = await helm.execute(
      {
        ...input('helm install web repo/chart -f https://Example.com/values.yaml'),
        configs: [{ allowedValuesHosts: ['example.com'] }],
      },
      new AbortController().signal,
    );
    if (Symbol.asyncIterator in allowed) for await (const _ of allowed) void _;
    assert.ok(fake.calls().at(-1)?.args.includes('https://Example.com/values.yaml'), 'a listed host is fetched');
    await run('helm list -f web');
  });

  it('passes shell syntax to helm as plain words, running nothing else', async () => {
    const marker = join(scratch, 'x');
    await run(`helm status web; rm -rf / && echo $(touch ${marker}) \`touch ${marker}\` > ${marker}`);
    assert.deepEqual(lastCall().args, [
      'status',
      'web;',
      'rm',
      '-rf',
      '/',
      '&&',
      'echo',
      '$(touch',
      `${marker})`,
      `\`touch`,
      `${marker}\``,
      '>',
      marker,
      '-n',
      'default',
    ]);
    assert.equal(existsSync(marker), false);
    await assert.rejects(run('helm list\nrm -rf /'), { code: 'CHATKUBE_ERR_COMMAND_SYNTAX', message: /a line break/ });
    await assert.rejects(run("helm status 'web"), { message: /is never closed/ });
  });

  it("answers with helm's stderr when helm fails", async () => {
    await assert.rejects(run('helm status broken'), {
      code: 'CHATKUBE_ERR_HELM_FAILED',
      message: 'Error: release: not found',
    });
  });

  it('refuses a config that is not valid, naming the key', async () => {
    await assert.rejects(run('helm list', { configs: [{ helmDriver: 'sql' }] }), {
      code: 'CHATKUBE_ERR_PLUGIN_CONFIG',
      message: 'helm config: helmDriver "sql" is not one of secret, configmap, memory',
    });
    await assert.rejects(run('helm list', { configs: [{ defaultNamespace: '-A' }] }), {
      message: /defaultNamespace "-A" is not a namespace name/,
    });
    await assert.rejects(run('helm list', { configs: [{ streamTimeout: '10' }] }), {
      message: /streamTimeout "10" is not a duration/,
    });
    await assert.rejects(run('helm list', { configs: [{ allowedValuesHosts: 'example.com' }] }), {
      message: 'helm config: allowedValuesHosts must be a list of host names, got "example.com"',
    });
    assertNotCalled();
  });

  it('says where it looked when helm is not installed, and how to fix it', async () => {
    const empty = mkdtempSync(join(scratch, 'deps-'));
    const saved = { deps: process.env.PLUGIN_DEPENDENCY_DIR, path: process.env.PATH };
    process.env.PLUGIN_DEPENDENCY_DIR = empty;
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(run('helm list'), {
        code: 'CHATKUBE_ERR_HELM_NOT_INSTALLED',
        message: `helm is not installed: looked in the plugin's dependency folder ${empty} and PATH (/nonexistent). Install helm 3 on the agent's PATH, or put the helm binary in the plugin's dependency folder (PLUGIN_DEPENDENCY_DIR).`,
      });
      await assert.rejects(run('helm install x repo/c'), { code: 'CHATKUBE_ERR_HELM_NOT_INSTALLED' });
    } finally {
      process.env.PLUGIN_DEPENDENCY_DIR = saved.deps;
      process.env.PATH = saved.path;
    }
  });
});

describe('long helm operations', () => {
  it('stream their output as it arrives, each update holding all of it so far', async () => {
    const result = await helm.execute(input('helm install stepwise repo/chart'), new AbortController().signal);
    assert.ok(isIterable(result));
    const texts: string[] = [];
    for await (const update of result) {
      texts.push(body(update.message));
      const steps = (body(update.message).match(/^step \d$/gm) ?? []).length;
      if (steps < 3) fake.next(steps);
    }
    assert.ok(texts.length >= 3, `several updates, got ${texts.length}`);
    for (let i = 1; i < texts.length; i++) assert.ok(texts[i]?.startsWith(texts[i - 1] ?? ''), 'each update extends the last');
    assert.equal(texts.at(-1), 'step 1\nstep 2\nwarning on stderr\nstep 3\n');
    assert.deepEqual(lastCall().args, ['install', 'stepwise', 'repo/chart', '-n', 'default']);
  });

  it('end with the error when helm fails', async () => {
    const result = await helm.execute(input('helm uninstall broken'), new AbortController().signal);
    assert.ok(isIterable(result));
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const update of result) seen.push(body(update.message));
      })(),
      { code: 'CHATKUBE_ERR_HELM_FAILED', message: 'Error: release: not found' },
    );
  });

  it('kill helm and remove the kubeconfig when the call is aborted', async () => {
    const controller = new AbortController();
    const kubeConfig = new TextEncoder().encode('apiVersion: v1\n');
    const result = await helm.execute(
      input('helm upgrade hang repo/chart', { context: { ...input('').context, kubeConfig } }),
      controller.signal,
    );
    assert.ok(isIterable(result));
    await assert.rejects(
      (async () => {
        for await (const update of result) if (body(update.message).includes('waiting')) controller.abort();
      })(),
      { name: 'AbortError' },
    );
    const { pid, kube } = lastCall();
    assert.equal(isRunning(pid), false, 'helm was killed');
    assert.ok(kube);
    assert.equal(existsSync(kube.path), false, 'the kubeconfig was removed');
  });

  it('kill helm when the caller stops reading', async () => {
    const result = await helm.execute(input('helm test hang'), new AbortController().signal);
    assert.ok(isIterable(result));
    for await (const update of result) if (body(update.message).includes('waiting')) break;
    assert.equal(isRunning(lastCall().pid), false);
  });

  it('stop helm after streamTimeout', async () => {
    await assert.rejects(run('helm rollback hang 1', { configs: [{ streamTimeout: '300ms' }] }), {
      code: 'CHATKUBE_ERR_COMMAND_TIMEOUT',
    });
    assert.equal(isRunning(lastCall().pid), false);
  });
});

/** True while a process with this pid runs (a zombie does not count). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
