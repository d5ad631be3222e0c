/**
 * The plugin object against the test Kubernetes API server (real HTTP,
 * list+watch, 410, bookmarks): streams consumed directly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Event } from '@chatkube/api';
import { KubeApiServer } from '@chatkube/e2e/dist/lib/kube-apiserver/index.js';
import { until } from '@chatkube/e2e/dist/lib/until.js';
import type { KubeEvent } from '../src/kube-event.js';
import { createKubernetesSource, type KubernetesSource } from '../src/plugin.js';

const GET_HELP = {
  enabled: true,
  trigger: { type: ['error'] },
  button: {
    displayName: 'Get Help',
    commandTpl:
      "doctor --resource={{ .Kind | lower }}/{{ .Name }} --namespace={{ .Namespace }} --error={{ .Reason }} --bk-cmd-header='AI assistance'",
  },
};

interface OpenStream {
  events: Event[];
  raw(): KubeEvent[];
  close(): Promise<void>;
}

let dir: string;
const logs: string[] = [];

function open(
  source: KubernetesSource,
  server: KubeApiServer,
  config: object,
  { interactive = false, name = 'k8s', kubeConfig = readFileSync(server.kubeconfig(dir)) as Uint8Array } = {},
): OpenStream {
  const abort = new AbortController();
  const events: Event[] = [];
  const stream = source.stream?.(
    {
      configs: [config],
      context: {
        isInteractivitySupported: interactive,
        clusterName: 'test-cluster',
        sourceName: name,
        incomingWebhook: { baseURL: '', fullURLForSource: '' },
        kubeConfig,
      },
    },
    abort.signal,
  );
  assert.ok(stream);
  const done = (async () => {
    for await (const event of stream) events.push(event);
  })();
  return {
    events,
    raw: () => events.map((event) => event.rawObject as KubeEvent),
    async close() {
      abort.abort();
      await done;
    },
  };
}

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels: { app: 'web' }, ...extra },
  spec: { containers: [{ name: 'main', image: 'nginx:1.25' }] },
});

const warning = (
  name: string,
  involved: { kind: string; name: string; namespace: string; apiVersion?: string },
  reason = 'BackOff',
) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: involved.namespace },
  type: 'Warning',
  reason,
  message: `${reason} happened to ${involved.name}`,
  lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  count: 1,
  involvedObject: { apiVersion: 'v1', ...involved },
});

const titles = (stream: OpenStream) => stream.raw().map((event) => `${event.Title} ${event.Namespace}/${event.Name}`);

describe('kubernetes source against an API server', () => {
  let server: KubeApiServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chatkube-k8s-source-'));
    server = await KubeApiServer.start({ bookmarkIntervalMs: 200 });
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const source = () => createKubernetesSource({ backoffMs: 20, maxBackoffMs: 200, writeLog: (line) => logs.push(line) });

  it('tells creates, updates of watched fields, deletes and Warning events; objects listed first are state', async () => {
    server.create('v1/pods', pod('before'));
    const kubernetes = source();
    const stream = open(kubernetes, server, {
      namespaces: { include: ['shop'] },
      event: { types: ['create', 'update', 'delete', 'error'] },
      resources: [{ type: 'v1/pods', updateSetting: { fields: ['spec.containers[*].image'], includeDiff: true } }],
    });
    await kubernetes.whenWatching();
    server.create('v1/pods', pod('web-1'));
    server.create('v1/pods', { ...pod('elsewhere'), metadata: { name: 'elsewhere', namespace: 'other' } });
    await until(() => stream.events.length >= 1, { what: 'the create event' });
    const created = server.get('v1/pods', 'shop', 'web-1');
    assert.ok(created);
    server.update('v1/pods', { ...created, metadata: { ...created.metadata, labels: { app: 'web', v: '2' } } });
    const relabelled = server.get('v1/pods', 'shop', 'web-1');
    assert.ok(relabelled);
    server.update('v1/pods', { ...relabelled, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } });
    server.create('v1/events', warning('web-1.1', { kind: 'Pod', name: 'web-1', namespace: 'shop' }));
    server.delete('v1/pods', 'shop', 'web-1');
    await until(() => stream.events.length >= 4, { what: 'four events' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Pods and Events are two watches: their events interleave in any order.
    assert.deepEqual(titles(stream).sort(), [
      'v1/pods created shop/web-1',
      'v1/pods deleted shop/web-1',
      'v1/pods error shop/web-1',
      'v1/pods updated shop/web-1',
    ]);
    const byType = (type: string) => stream.raw().find((event) => event.Type === type);
    const [create, update, error, remove] = [byType('create'), byType('update'), byType('error'), byType('delete')];
    assert.equal(create?.Kind, 'Pod');
    assert.equal(create?.Level, 'success');
    assert.equal(create?.Cluster, 'test-cluster');
    assert.deepEqual(update?.Messages, ['spec.containers[*].image:\n\t-: nginx:1.25\n\t+: nginx:1.27\n']);
    assert.equal(error?.Reason, 'BackOff');
    assert.deepEqual(error?.Messages, ['BackOff happened to web-1']);
    assert.equal(remove?.Type, 'delete');
    assert.equal(stream.events[0]?.message.type, 'nonInteractiveEventSingleSection');
    assert.equal(stream.events[0]?.message.sections?.[0]?.header, '🟢 v1/pods created');
    await stream.close();
    assert.equal(kubernetes.registry.size, 0, 'the last stream stops the watches');
  });

  it("adds the Get Help button rendered as Go would, and honours the disable annotations and the group's filters", async () => {
    const kubernetes = source();
    const stream = open(
      kubernetes,
      server,
      {
        extraButtons: [GET_HELP],
        event: { types: ['error'], reason: { include: ['.*'], exclude: ['Noise'] } },
        resources: [{ type: 'v1/pods', labels: { team: 'a' } }],
      },
      { interactive: true },
    );
    await kubernetes.whenWatching();
    server.create('v1/pods', pod('team-a', { labels: { team: 'a' } }));
    server.create('v1/pods', pod('team-b', { labels: { team: 'b' } }));
    server.create('v1/pods', pod('quiet', { labels: { team: 'a' }, annotations: { 'chatkube.io/disable': 'true' } }));
    server.create('v1/events', warning('e1', { kind: 'Pod', name: 'team-b', namespace: 'shop' }));
    server.create('v1/events', warning('e2', { kind: 'Pod', name: 'quiet', namespace: 'shop' }));
    server.create('v1/events', warning('e3', { kind: 'Pod', name: 'team-a', namespace: 'shop' }, 'Noise'));
    server.create('v1/events', warning('e4', { kind: 'Pod', name: 'team-a', namespace: 'shop' }, 'Failed'));
    await until(() => stream.events.length >= 1, { what: `the error event (log: ${logs.join('')})` });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(titles(stream), ['v1/pods error shop/team-a']);
    const buttons = stream.events[0]?.message.sections?.[1]?.buttons;
    assert.deepEqual(buttons, [
      {
        name: 'Get Help',
        command: "{{BotName}} doctor --resource=pod/team-a --namespace=shop --error=Failed --bk-cmd-header='AI assistance'",
        style: 'primary',
      },
    ]);
    await stream.close();
  });

  it('survives dropped watches, and relists after 410 Gone without telling anything twice', async () => {
    const kubernetes = source();
    const stream = open(kubernetes, server, { event: { types: ['create', 'delete'] }, resources: [{ type: 'v1/configmaps' }] });
    await kubernetes.whenWatching();
    const cm = (name: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'shop' },
      data: { a: '1' },
    });
    server.create('v1/configmaps', cm('one'));
    await until(() => stream.events.length >= 1, { what: 'the first create' });
    server.dropWatches();
    server.create('v1/configmaps', cm('two'));
    await until(() => stream.events.length >= 2, { what: 'the create after a dropped watch' });
    const watchesBefore = server.requests.filter((request) => request.resource === 'v1/configmaps' && request.query.watch).length;
    // The history is gone and the watch cut: the next watch gets 410, the relist finds what changed meanwhile.
    server.compact();
    server.dropWatches();
    server.create('v1/configmaps', cm('three'));
    server.delete('v1/configmaps', 'shop', 'one');
    server.compact();
    await until(() => stream.events.length >= 4, { what: 'the changes found by the relist' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(titles(stream).sort(), [
      'v1/configmaps created shop/one',
      'v1/configmaps created shop/three',
      'v1/configmaps created shop/two',
      'v1/configmaps deleted shop/one',
    ]);
    const lists = server.requests.filter(
      (request) => request.resource === 'v1/configmaps' && !request.query.watch && request.verb === 'list',
    );
    assert.ok(lists.length >= 2, 'listed again after 410');
    assert.ok(
      server.requests.filter((request) => request.resource === 'v1/configmaps' && request.query.watch).length > watchesBefore,
    );
    await stream.close();
  });

  it('shares one list+watch per resource among streams, and stops it with the last one', async () => {
    const kubernetes = source();
    const watches = () =>
      server.requests.filter((request) => request.resource === 'v1/secrets' && request.query.watch === '1').length;
    const before = watches();
    const config = (types: string[]) => ({ event: { types }, resources: [{ type: 'v1/secrets' }] });
    const streams = [
      open(kubernetes, server, config(['create']), { name: 'a' }),
      open(kubernetes, server, config(['create', 'delete']), { name: 'b' }),
      open(kubernetes, server, config(['create']), { name: 'c', interactive: true }),
    ];
    await kubernetes.whenWatching();
    server.create('v1/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'shop' } });
    server.delete('v1/secrets', 'shop', 's1');
    await until(() => streams.every((stream) => stream.events.length >= 1) && (streams[1]?.events.length ?? 0) >= 2, {
      what: 'every stream told',
    });
    assert.equal(watches() - before, 1, 'one watch for three streams');
    assert.deepEqual(titles(streams[1] as OpenStream), ['v1/secrets created shop/s1', 'v1/secrets deleted shop/s1']);
    assert.equal(streams[2]?.events[0]?.message.type, undefined, 'the interactive stream gets the interactive card');
    await streams[0]?.close();
    await streams[1]?.close();
    assert.equal(kubernetes.registry.size, 1);
    await streams[2]?.close();
    assert.equal(kubernetes.registry.size, 0);
  });

  it('retries a refused list with backoff, says so once, and tells changes once it works again', async () => {
    const kubernetes = source();
    server.addDenyRule({ verb: 'list', resource: 'services' });
    const stream = open(kubernetes, server, { event: { types: ['create'] }, resources: [{ type: 'v1/services' }] });
    const lists = () => server.requests.filter((request) => request.resource === 'v1/services' && request.verb === 'list').length;
    await until(() => lists() >= 5, { what: 'five refused lists' });
    server.clearDenyRules();
    await kubernetes.whenWatching();
    server.create('v1/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { ports: [{ port: 80 }] },
    });
    await until(() => stream.events.length >= 1, { what: 'the create after the outage' });
    const lines = logs
      .filter((line) => line.includes('watch of v1/services'))
      .map((line) => JSON.parse(line) as Record<string, string>);
    assert.deepEqual(
      lines.map((line) => line['@level']),
      ['warn', 'info'],
      'one warning for the whole outage, one line when it ends',
    );
    assert.match(lines[0]?.['@message'] ?? '', /failed, retrying with backoff .*403/);
    assert.deepEqual(titles(stream), ['v1/services created shop/api']);
    await stream.close();
  });

  it('adds recommendations to pod creates, and tells pods watched for recommendations only when it has some', async () => {
    const kubernetes = source();
    const recommendations = { pod: { noLatestImageTag: true, labelsSet: true } };
    const watched = open(
      kubernetes,
      server,
      { recommendations, event: { types: ['create'] }, resources: [{ type: 'v1/pods', namespaces: { include: ['recs'] } }] },
      { name: 'watched' },
    );
    const only = open(kubernetes, server, { recommendations, namespaces: { include: ['recs'] } }, { name: 'only' });
    await kubernetes.whenWatching();
    server.create('v1/pods', { ...pod('fine'), metadata: { name: 'fine', namespace: 'recs', labels: { app: 'a' } } });
    server.create('v1/pods', {
      ...pod('latest'),
      metadata: { name: 'latest', namespace: 'recs' },
      spec: { containers: [{ name: 'main', image: 'nginx' }] },
    });
    await until(() => watched.events.length >= 2 && only.events.length >= 1, { what: 'the pod creates' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(titles(watched), ['v1/pods created recs/fine', 'v1/pods created recs/latest']);
    assert.deepEqual(titles(only), ['v1/pods created recs/latest']);
    assert.deepEqual(only.raw()[0]?.Recommendations, [
      "The 'latest' tag used in 'nginx' image of Pod 'recs/latest' container 'main' should be avoided.",
      "Pod 'recs/latest' created without labels. Consider defining them, to be able to use them as a selector e.g. in Service.",
    ]);
    assert.deepEqual(only.events[0]?.message.sections?.[0]?.bulletLists?.[0]?.title, 'Recommendations');
    await watched.close();
    await only.close();
  });

  it('watches custom resources and tells their Warning events', async () => {
    const crServer = await KubeApiServer.start({
      https: true,
      resources: [
        { group: 'velero.io', version: 'v1', resource: 'backups', singular: 'backup', kind: 'Backup', namespaced: true },
      ],
    });
    try {
      const kubernetes = source();
      const stream = open(kubernetes, crServer, {
        event: { types: ['create', 'error'] },
        resources: [{ type: 'velero.io/v1/backups' }],
      });
      await kubernetes.whenWatching();
      crServer.create('velero.io/v1/backups', {
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: { name: 'nightly', namespace: 'velero' },
      });
      crServer.create(
        'v1/events',
        warning('b1', { apiVersion: 'velero.io/v1', kind: 'Backup', name: 'nightly', namespace: 'velero' }, 'BackupFailed'),
      );
      await until(() => stream.events.length >= 2, { what: 'the backup events' });
      assert.deepEqual(titles(stream), [
        'velero.io/v1/backups created velero/nightly',
        'velero.io/v1/backups error velero/nightly',
      ]);
      assert.equal(stream.raw()[1]?.APIVersion, 'velero.io/v1');
      await stream.close();
    } finally {
      await crServer.close();
    }
  });

  it('sends the bearer token over TLS, and impersonates the as / as-groups of its kubeconfig, a watch per identity', async () => {
    const tls = await KubeApiServer.start({ https: true, bookmarkIntervalMs: 200 });
    try {
      const kubeconfig = (user: Record<string, unknown>) =>
        Buffer.from(
          JSON.stringify({
            'current-context': 'rbac',
            clusters: [
              {
                name: 'tls',
                cluster: {
                  server: tls.url,
                  'certificate-authority-data': Buffer.from(tls.caCertificate ?? '').toString('base64'),
                },
              },
            ],
            users: [{ name: 'generated', user }],
            contexts: [{ name: 'rbac', context: { cluster: 'tls', user: 'generated' } }],
          }),
        );
      const kubernetes = source();
      const config = { event: { types: ['create'] }, resources: [{ type: 'v1/configmaps' }] };
      const impersonating = open(kubernetes, tls, config, {
        kubeConfig: kubeconfig({ token: 'agent-token', as: 'chat:ops', 'as-groups': ['viewers', 'chat:ops'] }),
      });
      const own = open(kubernetes, tls, config, { name: 'own', kubeConfig: kubeconfig({ token: 'agent-token' }) });
      try {
        const watches = () => tls.requests.filter((request) => request.path === '/api/v1/configmaps' && request.query.watch);
        await until(() => watches().length >= 2, { what: 'the watches of both streams' });
        tls.create('v1/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'seen', namespace: 'shop' } });
        await until(() => impersonating.events.length >= 1 && own.events.length >= 1, { what: 'the create in both streams' });
        assert.equal(watches().length, 2, 'one watch per identity');
        const impersonated = watches().filter((request) => request.impersonateUser === 'chat:ops');
        assert.equal(impersonated.length, 1);
        assert.deepEqual(impersonated[0]?.impersonateGroups, ['viewers', 'chat:ops']);
        assert.ok(watches().every((request) => request.authorization === 'Bearer agent-token'));
        const plain = watches().find((request) => request.impersonateUser === undefined);
        assert.deepEqual(plain?.impersonateGroups, []);
      } finally {
        await impersonating.close();
        await own.close();
      }
    } finally {
      await tls.close();
    }
  });

  it('fails the stream with a coded error when there is no kubeconfig to load', async () => {
    const saved = {
      KUBECONFIG: process.env.KUBECONFIG,
      KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST,
      HOME: process.env.HOME,
    };
    delete process.env.KUBECONFIG;
    delete process.env.KUBERNETES_SERVICE_HOST;
    // No ~/.kube/config to fall back on, whoever runs the test.
    process.env.HOME = dir;
    try {
      const stream = source().stream?.(
        {
          configs: [{ resources: [{ type: 'v1/pods' }] }],
          context: {
            isInteractivitySupported: false,
            clusterName: '',
            sourceName: 'none',
            incomingWebhook: { baseURL: '', fullURLForSource: '' },
          },
        },
        new AbortController().signal,
      );
      assert.ok(stream);
      await assert.rejects(
        (async () => {
          for await (const _ of stream) break;
        })(),
        (error: unknown) =>
          (error as { code?: string }).code === 'CHATKUBE_ERR_KUBECONFIG' && /KUBECONFIG is not set/.test(String(error)),
      );
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
    }
  });

  it('fails the stream with a coded error naming the key of a bad config', async () => {
    const kubernetes = source();
    const stream = kubernetes.stream?.(
      {
        configs: [{ resources: [{ type: 'pods' }] }],
        context: {
          isInteractivitySupported: false,
          clusterName: '',
          sourceName: 'bad',
          incomingWebhook: { baseURL: '', fullURLForSource: '' },
        },
      },
      new AbortController().signal,
    );
    assert.ok(stream);
    await assert.rejects(
      (async () => {
        for await (const _ of stream) break;
      })(),
      (error: unknown) =>
        (error as { code?: string }).code === 'CHATKUBE_ERR_KUBERNETES_CONFIG' && /resources\[0\]\.type/.test(String(error)),
    );
  });
});
