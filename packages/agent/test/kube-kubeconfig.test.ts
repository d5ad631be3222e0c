/**
 * The kubeconfig generated for each call: whom it impersonates, the agent's
 * credentials it carries (kubeconfig files, in-cluster), and that kubectl
 * reads it as meant.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { RbacRule } from '../src/config/types.js';
import { KubeCredentialsError, RbacNoChannelError } from '../src/errors.js';
import { readAgentCredentials } from '../src/kube/agent-credentials.js';
import { INTERNAL_STATIC_USER, impersonationFor } from '../src/kube/impersonation.js';
import { KubeconfigGenerator } from '../src/kube/kubeconfig-generator.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rule = (user: Partial<RbacRule['user']> = {}, group: Partial<RbacRule['group']> = {}): RbacRule => ({
  user: { type: '', static: { value: '' }, prefix: '', ...user },
  group: { type: '', static: { values: [] }, prefix: '', ...group },
});

const agentKubeconfig = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const FILE = agentKubeconfig(
  'agent.yaml',
  `apiVersion: v1
kind: Config
current-context: work
clusters:
- name: other
  cluster: { server: https://other:6443 }
- name: prod
  cluster: { server: https://prod:6443, certificate-authority: certs/ca.crt, tls-server-name: api.prod }
contexts:
- name: work
  context: { cluster: prod, user: agent, namespace: team }
users:
- name: agent
  user: { client-certificate: certs/agent.crt, client-key: /abs/agent.key, tokenFile: token, as: root, as-groups: [system:masters] }
`,
);

describe('impersonationFor', () => {
  it('maps Static and ChannelName subjects with their prefixes', () => {
    assert.deepEqual(impersonationFor(rule({ type: 'Static', static: { value: 'alice' }, prefix: 'chat:' }), 'ops'), {
      user: 'chat:alice',
      groups: [],
    });
    assert.deepEqual(
      impersonationFor(rule({ type: 'ChannelName', prefix: 'ch:' }, { type: 'ChannelName', prefix: 'g:' }), 'ops'),
      {
        user: 'ch:ops',
        groups: ['g:ops'],
      },
    );
    assert.deepEqual(impersonationFor(rule({}, { type: 'Static', static: { values: ['a', 'b'] }, prefix: 'p-' }), 'ops'), {
      user: INTERNAL_STATIC_USER,
      groups: ['p-a', 'p-b'],
    });
    assert.equal(INTERNAL_STATIC_USER, 'chatkube-internal-static-user');
  });

  it('maps nobody when both types are empty, and refuses ChannelName without a channel', () => {
    assert.equal(impersonationFor(rule(), 'ops'), undefined);
    assert.equal(impersonationFor(undefined, 'ops'), undefined);
    assert.throws(() => impersonationFor(rule({ type: 'ChannelName' }), undefined), RbacNoChannelError);
    assert.throws(() => impersonationFor(rule({}, { type: 'ChannelName' }), ''), /has no channel/);
  });
});

describe('readAgentCredentials', () => {
  it("takes the current context's cluster and user, file paths made absolute, impersonation dropped", async () => {
    const credentials = await readAgentCredentials({ kubeconfig: FILE, env: {} });
    assert.deepEqual(credentials.cluster, {
      server: 'https://prod:6443',
      'certificate-authority': join(dir, 'certs/ca.crt'),
      'tls-server-name': 'api.prod',
    });
    assert.deepEqual(credentials.user, {
      'client-certificate': join(dir, 'certs/agent.crt'),
      'client-key': '/abs/agent.key',
      tokenFile: join(dir, 'token'),
    });
  });

  it('merges KUBECONFIG files as kubectl does (first wins), skipping missing ones; settings.kubeconfig first', async () => {
    const first = agentKubeconfig(
      'first.yaml',
      'current-context: mine\ncontexts:\n- name: mine\n  context: { cluster: prod, user: me }\nusers:\n- name: me\n  user: { token: abc }\n',
    );
    const env = { KUBECONFIG: [join(dir, 'missing.yaml'), first, FILE].join(delimiter) };
    const credentials = await readAgentCredentials({ env });
    assert.equal(credentials.cluster.server, 'https://prod:6443');
    assert.deepEqual(credentials.user, { token: 'abc' });
    assert.deepEqual((await readAgentCredentials({ kubeconfig: FILE, env })).user.tokenFile, join(dir, 'token'));
  });

  it('reads the in-cluster service account when there is no kubeconfig', async () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa);
    writeFileSync(join(sa, 'token'), 'sa-token\n');
    writeFileSync(join(sa, 'ca.crt'), 'CA PEM');
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const credentials = await readAgentCredentials({ env, serviceAccountDir: sa });
    assert.deepEqual(credentials.cluster, {
      server: 'https://10.0.0.1:443',
      'certificate-authority-data': Buffer.from('CA PEM').toString('base64'),
    });
    assert.deepEqual(credentials.user, { token: 'sa-token' });
    const v6 = await readAgentCredentials({ env: { ...env, KUBERNETES_SERVICE_HOST: 'fd00::1' }, serviceAccountDir: sa });
    assert.equal(v6.cluster.server, 'https://[fd00::1]:443');
  });

  it('says what is missing when it cannot find credentials', async () => {
    await assert.rejects(readAgentCredentials({ env: {} }), (error: unknown) => {
      assert.ok(error instanceof KubeCredentialsError);
      assert.match(error.message, /set settings\.kubeconfig or KUBECONFIG, or run the agent in a cluster/);
      return true;
    });
    const env = { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1' };
    await assert.rejects(
      readAgentCredentials({ env, serviceAccountDir: join(dir, 'none') }),
      /cannot read the service account's token/,
    );
    await assert.rejects(readAgentCredentials({ kubeconfig: join(dir, 'nope.yaml') }), /cannot read the kubeconfig .*nope\.yaml/);
    const noContext = agentKubeconfig('no-context.yaml', 'clusters: []\n');
    await assert.rejects(readAgentCredentials({ kubeconfig: noContext }), /has no current-context/);
    const badCluster = agentKubeconfig('bad.yaml', 'current-context: x\ncontexts:\n- name: x\n  context: { cluster: gone }\n');
    await assert.rejects(readAgentCredentials({ kubeconfig: badCluster }), /names cluster "gone", which has no server there/);
    const notYaml = agentKubeconfig('bad-yaml.yaml', 'a: [\n');
    await assert.rejects(readAgentCredentials({ kubeconfig: notYaml }), /is not valid YAML/);
  });
});

describe('KubeconfigGenerator', () => {
  const generator = new KubeconfigGenerator({ clusterName: 'prod-eu', kubeconfig: FILE });

  it("writes one cluster, context and user named after the cluster, with the agent's credentials and the impersonation", async () => {
    const bytes = await generator.generate(
      rule({ type: 'ChannelName', prefix: 'chat:' }, { type: 'Static', static: { values: ['viewers'] } }),
      'ops',
    );
    assert.ok(bytes);
    const doc = parse(new TextDecoder().decode(bytes));
    assert.deepEqual(doc, {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'prod-eu',
          cluster: {
            server: 'https://prod:6443',
            'certificate-authority': join(dir, 'certs/ca.crt'),
            'tls-server-name': 'api.prod',
          },
        },
      ],
      contexts: [{ name: 'prod-eu', context: { cluster: 'prod-eu', user: 'prod-eu', namespace: 'default' } }],
      'current-context': 'prod-eu',
      users: [
        {
          name: 'prod-eu',
          user: {
            'client-certificate': join(dir, 'certs/agent.crt'),
            'client-key': '/abs/agent.key',
            tokenFile: join(dir, 'token'),
            as: 'chat:ops',
            'as-groups': ['viewers'],
          },
        },
      ],
    });
  });

  it('generates nothing without a subject, and fails rather than fall back on the agent itself', async () => {
    assert.equal(await generator.generate(undefined, 'ops'), undefined);
    assert.equal(await generator.generate(rule(), 'ops'), undefined);
    const broken = new KubeconfigGenerator({ clusterName: 'x', kubeconfig: join(dir, 'nope.yaml') });
    await assert.rejects(broken.generate(rule({ type: 'Static', static: { value: 'a' } })), KubeCredentialsError);
  });

  it('is read by kubectl as meant', async () => {
    const withToken = agentKubeconfig(
      'token.yaml',
      'current-context: c\nclusters:\n- name: k\n  cluster: { server: https://k:6443, insecure-skip-tls-verify: true }\ncontexts:\n- name: c\n  context: { cluster: k, user: u }\nusers:\n- name: u\n  user: { token: secret-token }\n',
    );
    const bytes = await new KubeconfigGenerator({ clusterName: 'lab', kubeconfig: withToken }).generate(
      rule({ type: 'Static', static: { value: 'alice' } }, { type: 'ChannelName', prefix: 'chan-' }),
      'ops',
    );
    const file = join(dir, 'generated.yaml');
    writeFileSync(file, bytes ?? '');
    const view = JSON.parse(
      execFileSync('kubectl', ['config', 'view', '--raw', '-o', 'json', '--kubeconfig', file], { encoding: 'utf8' }),
    );
    assert.equal(view['current-context'], 'lab');
    assert.deepEqual(view.users[0].user, { as: 'alice', 'as-groups': ['chan-ops'], token: 'secret-token' });
    assert.equal(view.clusters[0].cluster['insecure-skip-tls-verify'], true);
  });
});
