/** The executor bridge gives each call the kubeconfig of the first matching entry's RBAC and the channel's name. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ExecutorBridge } from '../src/commands/executor-bridge.js';
import type { Config, PluginGroup, RbacRule } from '../src/config/types.js';
import { KubeconfigGenerator } from '../src/kube/kubeconfig-generator.js';
import type { ExecuteRequest } from '../src/plugins/host/executor-client.js';
import type { PluginSupervisor } from '../src/plugins/supervisor.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-bridge-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const kubeconfig = join(dir, 'agent.yaml');
writeFileSync(
  kubeconfig,
  'current-context: c\nclusters:\n- name: k\n  cluster: { server: https://k:6443 }\ncontexts:\n- name: c\n  context: { cluster: k, user: u }\nusers:\n- name: u\n  user: { token: t }\n',
);

const channelRule: RbacRule = {
  user: { type: 'ChannelName', static: { value: '' }, prefix: 'chat:' },
  group: { type: '', static: { values: [] }, prefix: '' },
};
const group = (name: string, rbac?: RbacRule): PluginGroup => ({
  name,
  plugins: [
    { key: 'chatkube/kubectl', repo: 'chatkube', name: 'kubectl', enabled: true, ...(rbac ? { context: { rbac } } : {}) },
  ],
});

/** A supervisor whose one executor records its requests; the plugin is `impersonated` or not. */
function recordingSupervisor(requests: ExecuteRequest[], impersonated = false): PluginSupervisor {
  const executor = {
    async *execute(request: ExecuteRequest) {
      requests.push(request);
      yield { message: { baseBody: { plaintext: 'ok' } } };
    },
  };
  // Only plugin().ref and plugin().running().executor are used by the bridge.
  const ref = { key: 'chatkube/kubectl', repo: 'chatkube', name: 'kubectl', ...(impersonated ? { impersonated } : {}) };
  return { plugin: () => ({ ref, running: async () => ({ executor }) }) } as unknown as PluginSupervisor;
}

const drain = async (outputs: AsyncIterable<unknown>) => {
  for await (const _ of outputs);
};

describe('the executor bridge with RBAC', () => {
  it('sends the kubeconfig for the channel, and none where the entry has no RBAC', async () => {
    const requests: ExecuteRequest[] = [];
    const config = { executors: [group('rbac', channelRule), group('plain')] } as unknown as Config;
    const bridge = new ExecutorBridge(
      config,
      recordingSupervisor(requests),
      new KubeconfigGenerator({ clusterName: 'lab', kubeconfig }),
    );
    const route = bridge.route(['rbac'], 'kubectl');
    assert.deepEqual(route?.rbac, channelRule);
    await drain(
      bridge.execute(route as NonNullable<typeof route>, { command: 'kubectl get pods' }, new AbortController().signal, 'ops'),
    );
    const generated = parse(new TextDecoder().decode(requests[0]?.kubeConfig));
    assert.equal(generated.users[0].user.as, 'chat:ops');
    assert.equal(generated.users[0].user.token, 't');

    const plain = bridge.route(['plain'], 'kubectl');
    await drain(
      bridge.execute(plain as NonNullable<typeof plain>, { command: 'kubectl get pods' }, new AbortController().signal, 'ops'),
    );
    assert.equal(requests[1]?.kubeConfig, undefined);
  });

  it("gives an impersonated plugin the agent's identity for an entry without RBAC: it has no credentials of its own", async () => {
    const requests: ExecuteRequest[] = [];
    const config = { executors: [group('rbac', channelRule), group('plain')] } as unknown as Config;
    const bridge = new ExecutorBridge(
      config,
      recordingSupervisor(requests, true),
      new KubeconfigGenerator({ clusterName: 'lab', kubeconfig }),
    );
    const plain = bridge.route(['plain'], 'kubectl') as NonNullable<ReturnType<ExecutorBridge['route']>>;
    await drain(bridge.execute(plain, { command: 'kubectl get pods' }, new AbortController().signal, 'ops'));
    const generated = parse(new TextDecoder().decode(requests[0]?.kubeConfig));
    assert.equal(generated.users[0].user.token, 't');
    assert.equal(generated.users[0].user.as, undefined, 'no one is impersonated');
    assert.equal(generated.users[0].user['as-groups'], undefined);
  });

  it('does not run a command whose kubeconfig cannot be made', async () => {
    const requests: ExecuteRequest[] = [];
    const config = { executors: [group('rbac', channelRule)] } as unknown as Config;
    const bridge = new ExecutorBridge(
      config,
      recordingSupervisor(requests),
      new KubeconfigGenerator({ clusterName: 'lab', kubeconfig }),
    );
    const route = bridge.route(['rbac'], 'kubectl') as NonNullable<ReturnType<ExecutorBridge['route']>>;
    await assert.rejects(
      drain(bridge.execute(route, { command: 'kubectl get pods' }, new AbortController().signal)),
      /has no channel/,
    );
    assert.equal(requests.length, 0);
  });
});
