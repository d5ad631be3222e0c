/**
 * Loading kubeconfigs: the KUBECONFIG merge order, relative paths, contexts,
 * impersonation kept or stripped, the default order, the in-cluster config,
 * and bad input named by file, context and key.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  KubeconfigError,
  KubeInClusterError,
  loadInClusterConfig,
  loadKubeconfig,
  loadKubeconfigFromFiles,
  loadKubeconfigFromText,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'chatkube-kube-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};

const FIRST = file(
  'a/first.yaml',
  `current-context: one
clusters:
- name: shared
  cluster: { server: https://first:6443, certificate-authority: certs/ca.crt }
users:
- name: me
  user: { client-certificate: me.crt, client-key: /abs/me.key, tokenFile: ../token, exec: { command: ./bin/cred, apiVersion: x } }
contexts:
- name: one
  context: { cluster: shared, user: me, namespace: team }
`,
);

const SECOND = file(
  'b/second.yaml',
  `current-context: two
clusters:
- name: shared
  cluster: { server: https://second:6443 }
- name: other
  cluster: { server: https://other:6443/prefix/, tls-server-name: api.other }
users:
- name: me
  user: { token: from-second }
- name: boss
  user: { token: t, as: root, as-groups: [system:masters], as-uid: "7", as-user-extra: { scopes: [a] } }
contexts:
- name: two
  context: { cluster: other, user: boss }
- name: one
  context: { cluster: other, user: boss }
`,
);

/** Asserts that `promise` rejects with a KubeconfigError whose message matches and whose key is `key`. */
async function rejectsNamed(promise: Promise<unknown>, message: RegExp, key?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KubeconfigError, String(error));
    assert.equal(error.code, 'CHATKUBE_ERR_KUBECONFIG');
    assert.match(error.message, message);
    if (key !== undefined) assert.equal(error.key, key);
    return true;
  });
}

describe('loadKubeconfigFromFiles', () => {
  it('merges as kubectl does: the first current-context and the first entry of a name win, whole', async () => {
    const config = await loadKubeconfigFromFiles([FIRST, SECOND]);
    assert.equal(config.context, 'one');
    assert.equal(config.namespace, 'team');
    assert.equal(config.origin, [FIRST, SECOND].join(delimiter));
    assert.deepEqual(config.cluster, { server: 'https://first:6443', 'certificate-authority': join(dir, 'a/certs/ca.crt') });
    assert.equal(config.user.token, undefined, "the second file's user of the same name is not merged in");
    const reversed = await loadKubeconfigFromFiles([SECOND, FIRST]);
    assert.equal(reversed.context, 'two');
    assert.equal(reversed.cluster.server, 'https://other:6443/prefix/');
  });

  it('makes paths absolute against the directory of the file that holds them, exec commands only when they are paths', async () => {
    const { user } = await loadKubeconfigFromFiles([FIRST]);
    assert.equal(user['client-certificate'], join(dir, 'a/me.crt'));
    assert.equal(user['client-key'], '/abs/me.key');
    assert.equal(user.tokenFile, join(dir, 'token'));
    assert.deepEqual(user.exec, { command: join(dir, 'a/bin/cred'), apiVersion: 'x' });
    const inPath = file('path.yaml', sample('{ exec: { command: aws } }'));
    assert.deepEqual((await loadKubeconfigFromFiles([inPath])).user.exec, { command: 'aws' });
  });

  it('takes a named context, and keeps or strips impersonation', async () => {
    const named = await loadKubeconfigFromFiles([SECOND], { context: 'two' });
    assert.deepEqual(named.user, {
      token: 't',
      as: 'root',
      'as-groups': ['system:masters'],
      'as-uid': '7',
      'as-user-extra': { scopes: ['a'] },
    });
    const own = await loadKubeconfigFromFiles([SECOND], { impersonation: false });
    assert.deepEqual(own.user, { token: 't' });
    await rejectsNamed(
      loadKubeconfigFromFiles([SECOND], { context: 'nope' }),
      /the context "nope" of .* is not among its contexts/,
      'context',
    );
  });

  it('skips missing files of a list, but not a single one, nor all', async () => {
    const missing = join(dir, 'missing.yaml');
    assert.equal((await loadKubeconfigFromFiles([missing, SECOND])).context, 'two');
    await rejectsNamed(loadKubeconfigFromFiles([missing]), /cannot read the kubeconfig .*missing\.yaml/);
    await rejectsNamed(loadKubeconfigFromFiles([missing, `${missing}2`]), /none of the kubeconfig files .* exists/);
  });

  it('names the file, context and key of bad input', async () => {
    await rejectsNamed(
      loadKubeconfigFromFiles([file('empty.yaml', 'clusters: []\n')]),
      /empty\.yaml has no current-context/,
      'current-context',
    );
    await rejectsNamed(
      loadKubeconfigFromFiles([file('gone.yaml', 'current-context: x\ncontexts:\n- name: x\n  context: { cluster: gone }\n')]),
      /the context "x" of .*gone\.yaml names cluster "gone", which has no server there/,
      'contexts[x].context.cluster',
    );
    await rejectsNamed(
      loadKubeconfigFromFiles([file('nouser.yaml', sample('{}').replace('user: u', 'user: ghost'))]),
      /names user "ghost", which is not among its users/,
      'contexts[c].context.user',
    );
    await rejectsNamed(loadKubeconfigFromFiles([file('bad.yaml', 'a: [\n')]), /bad\.yaml is not valid YAML/);
    await rejectsNamed(loadKubeconfigFromFiles([file('list.yaml', '- a\n')]), /list\.yaml is not a mapping/);
    await rejectsNamed(
      loadKubeconfigFromFiles([file('users.yaml', 'users: { a: 1 }\n')]),
      /has a users that is not a list/,
      'users',
    );
    await rejectsNamed(
      loadKubeconfigFromFiles([file('noname.yaml', 'clusters:\n- cluster: { server: https://x }\n')]),
      /an entry without a name at clusters\[0\]/,
      'clusters[0].name',
    );
  });
});

/** A one-context kubeconfig whose user entry is `user` (YAML flow text). */
function sample(user: string): string {
  return `current-context: c
clusters:
- name: k
  cluster: { server: https://k:6443 }
users:
- name: u
  user: ${user}
contexts:
- name: c
  context: { cluster: k, user: u }
`;
}

describe('loadKubeconfigFromText', () => {
  it('reads bytes, names them by the origin given, resolves paths against the dir given', () => {
    const config = loadKubeconfigFromText(new TextEncoder().encode(sample('{ tokenFile: tok }')), {
      origin: "the stream's kubeconfig",
      dir: '/etc/kube',
    });
    assert.equal(config.origin, "the stream's kubeconfig");
    assert.equal(config.user.tokenFile, '/etc/kube/tok');
    assert.throws(() => loadKubeconfigFromText('{}', { origin: 'the bytes' }), /the kubeconfig the bytes has no current-context/);
  });

  it('reads JSON too', () => {
    const json = JSON.stringify({
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { server: 'http://127.0.0.1:1' } }],
      contexts: [{ name: 'c', context: { cluster: 'k' } }],
    });
    const config = loadKubeconfigFromText(json);
    assert.equal(config.cluster.server, 'http://127.0.0.1:1');
    assert.deepEqual(config.user, {});
    assert.equal(config.userName, undefined);
  });
});

describe('loadInClusterConfig', () => {
  const sa = join(dir, 'sa');
  mkdirSync(sa);
  writeFileSync(join(sa, 'token'), 'sa-token\n');
  writeFileSync(join(sa, 'ca.crt'), 'CA PEM');
  writeFileSync(join(sa, 'namespace'), 'chatkube\n');
  const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };

  it('points at the token and CA files (the token rotates), or inlines them', async () => {
    const config = await loadInClusterConfig({ env, serviceAccountDir: sa });
    assert.deepEqual(config.cluster, { server: 'https://10.0.0.1:443', 'certificate-authority': join(sa, 'ca.crt') });
    assert.deepEqual(config.user, { tokenFile: join(sa, 'token') });
    assert.equal(config.namespace, 'chatkube');
    const inline = await loadInClusterConfig({
      env: { ...env, KUBERNETES_SERVICE_HOST: 'fd00::1' },
      serviceAccountDir: sa,
      inline: true,
    });
    assert.deepEqual(inline.cluster, {
      server: 'https://[fd00::1]:443',
      'certificate-authority-data': Buffer.from('CA PEM').toString('base64'),
    });
    assert.deepEqual(inline.user, { token: 'sa-token' });
  });

  it('says what is missing', async () => {
    await assert.rejects(loadInClusterConfig({ env: { KUBERNETES_SERVICE_HOST: 'h' } }), (error: unknown) => {
      assert.ok(error instanceof KubeInClusterError);
      assert.equal(error.code, 'CHATKUBE_ERR_KUBE_IN_CLUSTER');
      assert.match(error.message, /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set/);
      return true;
    });
    await assert.rejects(
      loadInClusterConfig({ env, serviceAccountDir: join(dir, 'none') }),
      /cannot read the service account's token in .*none/,
    );
  });
});

describe('loadKubeconfig (the default order)', () => {
  const home = join(dir, 'home');
  file('home/.kube/config', sample('{ token: from-home }'));

  it('takes the explicit file, else KUBECONFIG, else ~/.kube/config, else the service account', async () => {
    const kubeconfigEnv = { KUBECONFIG: [SECOND, FIRST].join(delimiter), HOME: home };
    assert.equal((await loadKubeconfig({ kubeconfig: FIRST, env: kubeconfigEnv })).context, 'one');
    assert.equal((await loadKubeconfig({ env: kubeconfigEnv })).context, 'two');
    assert.equal((await loadKubeconfig({ env: { HOME: home } })).user.token, 'from-home');
    const sa = join(dir, 'sa');
    const pod = { HOME: join(dir, 'nohome'), KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    assert.equal((await loadKubeconfig({ env: pod, serviceAccountDir: sa })).context, 'in-cluster');
  });

  it('says what it looked for when there is nothing', async () => {
    await rejectsNamed(
      loadKubeconfig({ env: { HOME: join(dir, 'nohome') } }),
      /no kubeconfig: KUBECONFIG is not set, there is no .*nohome\/\.kube\/config, and this is not a pod/,
    );
  });
});
