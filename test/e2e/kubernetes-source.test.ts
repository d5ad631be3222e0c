/**
 * The bundled kubernetes source in the agent, in both runtimes, against the
 * test Kubernetes API server: the bound web chat channel gets Botkube's
 * event card, the channel not bound gets nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, configFile, type Json, listen, type RunningAgent, startAgent } from '../lib/agent.js';
import { KubeApiServer } from '../lib/kube-apiserver/index.js';
import { scratch } from '../lib/paths.js';
import { until } from '../lib/until.js';

const config = (dir: string, runtime: 'worker' | 'process') => `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [], sources: [k8s-errors, k8s-pods] } }
        quiet: { name: quiet, bindings: { executors: [], sources: [] } }
sources:
  k8s-errors:
    chatkube/kubernetes:
      runtime: ${runtime}
      enabled: true
      config:
        event: { types: [error] }
        resources: [{ type: v1/pods }]
        extraButtons:
          - enabled: true
            trigger: { type: [error] }
            button:
              displayName: Get Help
              commandTpl: "doctor --resource={{ .Kind | lower }}/{{ .Name }} --namespace={{ .Namespace }} --error={{ .Reason }} --bk-cmd-header='AI assistance'"
  k8s-pods:
    chatkube/kubernetes:
      runtime: ${runtime}
      enabled: true
      config:
        namespaces: { include: [shop] }
        event: { types: [create, delete, error] }
        resources: [{ type: v1/pods }]
settings:
  clusterName: e2e-cluster
  stateDir: ${join(dir, 'state')}
`;

const cardOf = (frame: Json) => frame.message?.message;
const header = (frame: Json): string => cardOf(frame)?.sections?.[0]?.header ?? '';

for (const runtime of ['worker', 'process'] as const) {
  describe(`the agent with the kubernetes source (${runtime} runtime)`, () => {
    // At the suite's level: scratch() removes its folder after the block it is called in.
    const dir = scratch();
    let server: KubeApiServer;
    let agent: RunningAgent;

    before(async () => {
      server = await KubeApiServer.start({ https: true });
      agent = await startAgent(['--config', configFile(dir, config(dir, runtime))], { KUBECONFIG: server.kubeconfig(dir) });
      // Objects listed first are state, not news: wait for the watches.
      await until(
        () =>
          server.requests.some((request) => request.resource === 'v1/pods' && request.query.watch === '1') &&
          server.requests.some((request) => request.resource === 'v1/events' && request.query.watch === '1'),
        { what: 'the source watching pods and events' },
      );
    });

    after(async () => {
      await agent?.stop();
      await server?.close();
    });

    it('sends the create card to the bound channel only', async () => {
      const socket = await listen(agent);
      server.create('v1/pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.25' }] },
      });
      const frame = await socket.next((f) => f.channel === 'ops' && header(f) === '🟢 v1/pods created');
      const section = cardOf(frame).sections[0];
      assert.deepEqual(section.textFields, [
        { key: 'Kind', value: 'Pod' },
        { key: 'Name', value: 'web-1' },
        { key: 'Namespace', value: 'shop' },
        { key: 'Cluster', value: 'e2e-cluster' },
      ]);
      // The web chat is interactive: the Run command select comes with the card.
      const select = cardOf(frame).sections[1]?.selects?.items?.[0];
      assert.equal(select?.name, 'Run command...');
      assert.ok(select?.optionGroups[0].options.some((o: Json) => o.value === 'get pods web-1 --namespace shop'));
    });

    it('sends a Warning event with the Get Help button rendered as Go would', async () => {
      const socket = await listen(agent);
      server.create('v1/events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'web-1.backoff', namespace: 'shop' },
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'shop' },
      });
      // Both groups tell it; the one with the button is k8s-errors.
      const frame = await socket.next(
        (f) => f.channel === 'ops' && header(f) === '❗ v1/pods error' && cardOf(f).sections[1]?.buttons,
      );
      await socket.next((f) => f.channel === 'ops' && header(f) === '❗ v1/pods error' && !cardOf(f).sections[1]?.buttons);
      assert.deepEqual(cardOf(frame).sections[1].buttons, [
        {
          name: 'Get Help',
          command: "{{BotName}} doctor --resource=pod/web-1 --namespace=shop --error=BackOff --bk-cmd-header='AI assistance'",
          style: 'primary',
        },
      ]);
    });

    it('sends nothing to the channel not bound', async () => {
      const socket = await listen(agent);
      server.delete('v1/pods', 'shop', 'web-1');
      await socket.next((f) => f.channel === 'ops' && header(f) === '❗ v1/pods deleted');
      const quiet = (await api(agent, '/api/v1/webchat/channels/quiet/messages')).body.messages as Json[];
      assert.deepEqual(quiet, []);
      assert.equal(socket.frames.filter((f) => f.channel === 'quiet').length, 0);
    });

    it('runs one list+watch per resource for its two source groups', async () => {
      const watches = (resource: string) =>
        server.requests.filter((request) => request.resource === resource && request.query.watch === '1').length;
      assert.equal(watches('v1/pods'), 1);
      assert.equal(watches('v1/events'), 1);
    });
  });
}
