/**
 * The Kubernetes story end to end, as a user meets it in the web chat: the
 * kubernetes source and the kubectl executor (bundled, in the default
 * runtime) against the test Kubernetes API server, with the real kubectl.
 * A pod's card comes with a "Run command..." select whose choice runs
 * kubectl and answers with kubectl's own table; an image change comes as an
 * update card with its diff; an action describes each created pod into the
 * channel; a channel bound to kubectl alone gets no cards.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ApiAnswer, api, configFile, type Json, listen, type RunningAgent, say, startAgent } from '../lib/agent.js';
import { KubeApiServer } from '../lib/kube-apiserver/index.js';
import { ROOT, scratch } from '../lib/paths.js';
import { until } from '../lib/until.js';

const config = (dir: string) => `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [k8s-tools], sources: [k8s-pods] } }
        tools-only: { name: tools-only, bindings: { executors: [k8s-tools], sources: [] } }
executors:
  k8s-tools:
    chatkube/kubectl: { enabled: true, config: { defaultNamespace: shop } }
sources:
  k8s-pods:
    chatkube/kubernetes:
      enabled: true
      config:
        namespaces: { include: [shop] }
        event: { types: [create, update, delete] }
        resources:
          - type: v1/pods
            updateSetting: { fields: ["spec.containers[*].image"], includeDiff: true }
actions:
  describe-created:
    enabled: true
    displayName: Describe created pods
    command: kubectl describe {{ .Event.Kind | lower }} {{ .Event.Name }} -n {{ .Event.Namespace }}
    bindings: { sources: [k8s-pods], executors: [k8s-tools] }
settings:
  clusterName: lab
  stateDir: ${join(dir, 'state')}
`;

const card = (frame: Json) => frame.message?.message;
const header = (frame: Json): string => card(frame)?.sections?.[0]?.header ?? '';
const answerText = (answer: ApiAnswer): string =>
  (answer.body.replies as { baseBody?: { codeBlock?: string; plaintext?: string } }[])
    .map((reply) => reply.baseBody?.codeBlock ?? reply.baseBody?.plaintext ?? '')
    .join('\n');

/** What the web chat sends for a select's choice: its command (bot name stripped) and the value. */
const chosen = (select: Json, value: string): string => `${String(select.command).replace(/^\{\{BotName\}\}\s*/, '')} ${value}`;

const pod = (image: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' } },
  spec: { containers: [{ name: 'main', image }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 0 }] },
});

describe('Kubernetes in the web chat: cards, the Run command select, kubectl, actions', () => {
  // At the suite's level: scratch() removes its folder after the block it is called in.
  const dir = scratch();
  let server: KubeApiServer;
  let agent: RunningAgent;

  before(async () => {
    server = await KubeApiServer.start();
    agent = await startAgent(['--config', configFile(dir, config(dir))], { KUBECONFIG: server.kubeconfig(dir) });
    await until(() => server.requests.some((request) => request.resource === 'v1/pods' && request.query.watch === '1'), {
      what: 'the source watching pods',
    });
  });

  after(async () => {
    await agent?.stop();
    await server?.close();
  });

  it("runs the card's Run command choice with kubectl, and answers kubectl's own table", async () => {
    const socket = await listen(agent);
    server.create('v1/pods', pod('nginx:1.25'));
    const frame = await socket.next((f) => f.channel === 'ops' && header(f) === '🟢 v1/pods created');
    const select = card(frame).sections[1]?.selects?.items?.[0];
    const option = (select?.optionGroups ?? [])
      .flatMap((group: Json) => group.options)
      .find((o: Json) => o.value === 'get pods web-1 --namespace shop');
    assert.ok(option, `the select offers kubectl get: ${JSON.stringify(select)}`);
    const answer = answerText(await say(agent, 'ops', chosen(select, option.value), { origin: 'selectValueChange' }));
    assert.match(answer, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb-1\s+1\/1\s+Running\s+0\s/);
  });

  it('describes each created pod into the channel, through the action', async () => {
    const socket = await listen(agent);
    server.create('v1/pods', { ...pod('nginx:1.25'), metadata: { name: 'web-2', namespace: 'shop' } });
    const described = await socket.next(
      (f) => f.channel === 'ops' && /^Name:\s+web-2$/m.test(card(f)?.baseBody?.codeBlock ?? ''),
    );
    assert.match(card(described).baseBody.codeBlock, /^Namespace:\s+shop$/m);
  });

  it('tells an image change as an update card with its diff, and a delete', async () => {
    const socket = await listen(agent);
    const current = server.get('v1/pods', 'shop', 'web-1');
    assert.ok(current);
    server.update('v1/pods', { ...current, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } });
    const update = await socket.next((f) => f.channel === 'ops' && header(f) === '💡 v1/pods updated');
    const messages = card(update).sections[0].bulletLists?.find((list: Json) => list.title === 'Messages')?.items ?? [];
    assert.ok(
      messages.some((item: string) => item.includes('spec.containers[*].image') && item.includes('nginx:1.27')),
      JSON.stringify(messages),
    );
    server.delete('v1/pods', 'shop', 'web-1');
    const deleted = await socket.next((f) => f.channel === 'ops' && header(f) === '❗ v1/pods deleted');
    assert.equal(card(deleted).sections[1]?.selects, undefined, 'no commands for what is gone');
  });

  it('sends no card to a channel bound to kubectl alone, where kubectl still answers', async () => {
    const history = (await api(agent, '/api/v1/webchat/channels/tools-only/messages')).body;
    assert.deepEqual(history.messages, []);
    const answer = answerText(await say(agent, 'tools-only', 'kubectl get pods'));
    assert.match(answer, /^NAME\s+READY\s+STATUS/);
    assert.match(answer, /^web-2\s/m);
  });
});

describe('docs/examples/kubernetes.yaml', () => {
  const dir = scratch();
  let server: KubeApiServer;
  let agent: RunningAgent;

  before(async () => {
    server = await KubeApiServer.start();
    agent = await startAgent(
      ['--config', join(ROOT, 'docs/examples/kubernetes.yaml')],
      { KUBECONFIG: server.kubeconfig(dir) },
      dir,
    );
  });

  after(async () => {
    await agent?.stop();
    await server?.close();
  });

  it('starts every plugin against a cluster, their configs checked against their schemas', async () => {
    const ready = (await api(agent, '/readyz')).body;
    assert.equal(ready.status, 'ready');
    assert.deepEqual(
      ready.plugins.map((plugin: Json) => [plugin.key, plugin.state]),
      [
        ['chatkube/kubectl', 'running'],
        ['chatkube/helm', 'running'],
        ['chatkube/kubernetes', 'running'],
      ],
    );
    assert.match(answerText(await say(agent, 'k8s', 'kubectl get namespaces')), /^NAME\s+STATUS\s+AGE/);
  });
});
