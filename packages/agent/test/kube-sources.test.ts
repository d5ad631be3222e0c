/** Each source stream gets the kubeconfig of its entry's RBAC (Static subjects: a stream has no channel). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Config, PluginGroup } from '../src/config/types.js';
import type { SourceDispatcher } from '../src/events/dispatcher.js';
import { SourceScheduler } from '../src/events/scheduler.js';
import { KubeconfigGenerator } from '../src/kube/kubeconfig-generator.js';
import { silentLogger } from '../src/logging.js';
import type { StreamRequest } from '../src/plugins/host/source-client.js';
import type { PluginSupervisor } from '../src/plugins/supervisor.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sources-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const kubeconfig = join(dir, 'agent.yaml');
writeFileSync(
  kubeconfig,
  'current-context: c\nclusters:\n- name: k\n  cluster: { server: https://k:6443 }\ncontexts:\n- name: c\n  context: { cluster: k, user: u }\nusers:\n- name: u\n  user: { token: t }\n',
);

describe('source streams with RBAC', () => {
  it('open each stream with the kubeconfig of the Static subjects', async () => {
    const requests: StreamRequest[] = [];
    let opened: () => void = () => {};
    const streamOpened = new Promise<void>((resolve) => (opened = resolve));
    const source = {
      async *stream(request: StreamRequest, signal: AbortSignal) {
        requests.push(request);
        opened();
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
    };
    const plugin = { ref: {}, generation: 1, running: async () => ({ source }), nextStart: () => new Promise(() => {}) };
    // Only plugin() of the supervisor and nothing of the dispatcher is used while no event comes.
    const supervisor = { plugin: () => plugin } as unknown as PluginSupervisor;
    const group: PluginGroup = {
      name: 'k8s-events',
      plugins: [
        {
          key: 'chatkube/kubernetes',
          repo: 'chatkube',
          name: 'kubernetes',
          enabled: true,
          context: {
            rbac: {
              user: { type: '', static: { value: '' }, prefix: '' },
              group: { type: 'Static', static: { values: ['watchers'] }, prefix: 'chatkube:' },
            },
          },
        },
      ],
    };
    const config = { sources: [group], settings: { clusterName: 'lab' } } as unknown as Config;
    const scheduler = new SourceScheduler({
      config,
      supervisor,
      dispatcher: {} as SourceDispatcher,
      logger: silentLogger,
      baseURL: () => 'http://127.0.0.1:1',
      kubeconfigs: new KubeconfigGenerator({ clusterName: 'lab', kubeconfig }),
    });
    scheduler.ensure('k8s-events', false);
    await streamOpened;
    await scheduler.stop();
    const generated = parse(new TextDecoder().decode(requests[0]?.kubeConfig));
    assert.deepEqual(generated.users[0].user, {
      token: 't',
      as: 'chatkube-internal-static-user',
      'as-groups': ['chatkube:watchers'],
    });
    assert.equal(generated['current-context'], 'lab');
  });
});
