import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { KubeApiServer } from '../lib/kube-apiserver/index.js';
import { type KubectlEnv, kubectl, spawnKubectl } from '../lib/kube-apiserver/kubectl.js';
import { openWatch } from '../lib/kube-apiserver/watch-client.js';
import { until } from '../lib/until.js';

const pod = (namespace: string, name: string, labels: Record<string, string> = {}, phase = 'Running') => ({
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'main', image: 'registry.example/app:1' }] },
  status: { phase, containerStatuses: [{ name: 'main', ready: phase === 'Running', restartCount: 1 }] },
});

describe('the test Kubernetes API server under the real kubectl', () => {
  let server: KubeApiServer;
  let dir: string;
  let env: KubectlEnv;

  before(async () => {
    server = await KubeApiServer.start({ bookmarkIntervalMs: 100 });
    dir = mkdtempSync(join(tmpdir(), 'kapi-test-'));
    env = { kubeconfig: server.kubeconfig(dir, { namespace: 'x', token: 'secret-token' }), home: dir };
    server.create('v1/pods', pod('x', 'web-1', { app: 'web' }));
    server.create('v1/pods', pod('x', 'db-1', { app: 'db' }, 'Pending'));
    server.create('v1/pods', pod('y', 'other-1', { app: 'web' }));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints pods as a table with the pod columns', async () => {
    const { code, stdout, stderr } = await kubectl(env, ['get', 'pods']);
    assert.equal(code, 0, stderr);
    const [header, ...rows] = stdout.trim().split('\n');
    assert.deepEqual(header?.split(/\s+/), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.deepEqual(
      rows.map((row) => row.split(/\s+/).slice(0, 4)),
      [
        ['db-1', '0/1', 'Pending', '1'],
        ['web-1', '1/1', 'Running', '1'],
      ],
    );
    const list = server.requests.find((request) => request.path === '/api/v1/namespaces/x/pods' && request.verb === 'list');
    assert.match(list?.userAgent ?? '', /^kubectl/);
  });

  it('prints NAME and AGE for a kind without its own printer, and lists across namespaces', async () => {
    server.create('chatkube.io/v1/widgets', { metadata: { name: 'w1', namespace: 'x' }, spec: { size: 3 } });
    const widgets = await kubectl(env, ['get', 'widgets']);
    assert.deepEqual(widgets.stdout.trim().split('\n')[0]?.split(/\s+/), ['NAME', 'SIZE', 'AGE']);
    assert.match(widgets.stdout, /^w1\s+3\s+\d+s$/m);
    const all = await kubectl(env, ['get', 'pods', '-A', '-o', 'name']);
    assert.deepEqual(all.stdout.trim().split('\n'), ['pod/db-1', 'pod/web-1', 'pod/other-1']);
  });

  it('serves plain JSON for -o json and -o jsonpath', async () => {
    const json = await kubectl(env, ['get', 'pods', '-o', 'json']);
    const list = JSON.parse(json.stdout) as { items: { metadata: { name: string } }[] };
    assert.deepEqual(
      list.items.map((item) => item.metadata.name),
      ['db-1', 'web-1'],
    );
    const path = await kubectl(env, ['get', 'pod', 'web-1', '-o', 'jsonpath={.status.phase}']);
    assert.equal(path.stdout, 'Running');
  });

  it('filters by label selector (=, !=, in) and field selector', async () => {
    const equal = await kubectl(env, ['get', 'pods', '-l', 'app=web', '-o', 'name']);
    assert.equal(equal.stdout.trim(), 'pod/web-1');
    const notEqual = await kubectl(env, ['get', 'pods', '-l', 'app!=web', '-o', 'name']);
    assert.equal(notEqual.stdout.trim(), 'pod/db-1');
    const set = await kubectl(env, ['get', 'pods', '-A', '-l', 'app in (web)', '-o', 'name']);
    assert.deepEqual(set.stdout.trim().split('\n'), ['pod/web-1', 'pod/other-1']);
    const field = await kubectl(env, ['get', 'pods', '--field-selector', 'metadata.name=db-1', '-o', 'name']);
    assert.equal(field.stdout.trim(), 'pod/db-1');
  });

  it('says NotFound the way kubectl users know it', async () => {
    const { code, stderr } = await kubectl(env, ['get', 'pod', 'nope']);
    assert.equal(code, 1);
    assert.equal(stderr.trim(), 'Error from server (NotFound): pods "nope" not found');
  });

  it('creates from a YAML file, applies changes, and deletes', async () => {
    const file = join(dir, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  k: v1\n');
    const created = await kubectl(env, ['create', '-f', file]);
    assert.equal(created.stdout.trim(), 'configmap/cfg created', created.stderr);
    assert.deepEqual(server.get('v1/configmaps', 'x', 'cfg')?.data, { k: 'v1' });
    const again = await kubectl(env, ['create', '-f', file]);
    assert.equal(
      again.stderr.trim(),
      `Error from server (AlreadyExists): error when creating "${file}": configmaps "cfg" already exists`,
    );

    const applyFile = join(dir, 'applied.yaml');
    writeFileSync(applyFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: one\n');
    const first = await kubectl(env, ['apply', '-f', applyFile]);
    assert.equal(first.stdout.trim(), 'configmap/applied created', first.stderr);
    writeFileSync(applyFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: two\n');
    const second = await kubectl(env, ['apply', '-f', applyFile]);
    assert.equal(second.stdout.trim(), 'configmap/applied configured', second.stderr);
    assert.deepEqual(server.get('v1/configmaps', 'x', 'applied')?.data, { k: 'two' });

    const deleted = await kubectl(env, ['delete', 'configmap', 'cfg']);
    assert.equal(deleted.stdout.trim(), 'configmap "cfg" deleted', deleted.stderr);
    assert.equal(server.get('v1/configmaps', 'x', 'cfg'), undefined);
  });

  it('describes a pod, with its events', async () => {
    const target = server.get('v1/pods', 'x', 'web-1');
    server.create('v1/events', {
      metadata: { name: 'web-1.1', namespace: 'x' },
      involvedObject: { kind: 'Pod', namespace: 'x', name: 'web-1', uid: target?.metadata.uid },
      reason: 'Pulled',
      message: 'Container image pulled',
      type: 'Normal',
      count: 1,
    });
    const { code, stdout, stderr } = await kubectl(env, ['describe', 'pod', 'web-1']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Name:\s+web-1$/m);
    assert.match(stdout, /^Namespace:\s+x$/m);
    assert.match(stdout, /^Status:\s+Running$/m);
    assert.match(stdout, /Normal\s+Pulled\s+.*Container image pulled/);
  });

  it('prints pod logs, the tail, and follows until the pod goes', async () => {
    server.setPodLogs('x', 'web-1', ['one', 'two', 'three']);
    const all = await kubectl(env, ['logs', 'web-1']);
    assert.equal(all.stdout, 'one\ntwo\nthree\n');
    const tail = await kubectl(env, ['logs', 'web-1', '--tail=1']);
    assert.equal(tail.stdout, 'three\n');

    server.create('v1/pods', pod('x', 'follow-me'));
    server.setPodLogs('x', 'follow-me', 'start\n');
    const follow = spawnKubectl(env, ['logs', '-f', 'follow-me']);
    await until(() => follow.stdout() === 'start\n', { what: 'the first log line' });
    server.appendPodLogs('x', 'follow-me', ['later']);
    await until(() => follow.stdout() === 'start\nlater\n', { what: 'the appended log line' });
    server.delete('v1/pods', 'x', 'follow-me');
    assert.equal(await follow.exited, 0);
  });

  it('stops a followed log when the test stops kubectl', async () => {
    const follow = spawnKubectl(env, ['logs', '-f', 'web-1']);
    await until(() => follow.stdout().includes('three'), { what: 'the log' });
    assert.equal(server.logFollowerCount, 1);
    await follow.stop();
    await until(() => server.logFollowerCount === 0, { what: 'the server to see the follower go' });
  });

  it('watches with get -w and prints a change', async () => {
    const watch = spawnKubectl(env, ['get', 'pods', '-w']);
    try {
      await until(() => /^web-1\s/m.test(watch.stdout()), { what: 'the listed pods' });
      const rows = () => watch.stdout().trim().split('\n').length;
      const before = rows();
      server.create('v1/pods', pod('x', 'newcomer', {}, 'Pending'));
      await until(() => /^newcomer\s+0\/1\s+Pending/m.test(watch.stdout()), { what: 'the new pod row' });
      assert.equal(rows(), before + 1);
    } finally {
      await watch.stop();
    }
  });

  it('lists its resources in api-resources, the custom resource included', async () => {
    const { stdout } = await kubectl(env, ['api-resources']);
    assert.match(stdout, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(stdout, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(stdout, /^widgets\s+wd\s+chatkube\.io\/v1\s+true\s+Widget$/m);
  });

  it('records impersonation: the user and every group', async () => {
    const { code } = await kubectl(env, ['get', 'pods', '--as', 'alice', '--as-group', 'devs', '--as-group', 'ops']);
    assert.equal(code, 0);
    const seen = server.requests.filter((request) => request.impersonateUser === 'alice' && request.verb === 'list');
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]?.impersonateGroups, ['devs', 'ops']);
  });

  it('answers 403 Forbidden under a deny rule, worded as RBAC does', async () => {
    server.addDenyRule({ user: 'mallory', verb: 'list', resource: 'pods' });
    const denied = await kubectl(env, ['get', 'pods', '--as', 'mallory']);
    assert.equal(denied.code, 1);
    assert.equal(
      denied.stderr.trim(),
      'Error from server (Forbidden): pods is forbidden: User "mallory" cannot list resource "pods" in API group "" in the namespace "x"',
    );
    server.addDenyRule({ group: 'interns', verb: 'get', resource: 'pods/log' });
    const logs = await kubectl(env, ['logs', 'web-1', '--as', 'bob', '--as-group', 'interns']);
    assert.match(
      logs.stderr,
      /pods "web-1" is forbidden: User "bob" cannot get resource "pods\/log" in API group "" in the namespace "x"/,
    );
    const allowed = await kubectl(env, ['get', 'pods', '--as', 'alice']);
    assert.equal(allowed.code, 0);
  });
});

describe('the test Kubernetes API server over raw HTTP', () => {
  let server: KubeApiServer;
  before(async () => {
    server = await KubeApiServer.start({ bookmarkIntervalMs: 50, watchCacheSize: 5 });
  });
  after(() => server.close());

  it('answers a malformed JSON body with a 400 Status naming the problem', async () => {
    const response = await fetch(`${server.url}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"metadata": ',
    });
    assert.equal(response.status, 400);
    const status = (await response.json()) as { kind: string; reason: string; message: string; code: number };
    assert.equal(status.kind, 'Status');
    assert.equal(status.reason, 'BadRequest');
    assert.equal(status.code, 400);
    assert.match(status.message, /^the request body is not valid JSON: /);
  });

  it('answers an unknown resource with 404 and a wrong body with 400', async () => {
    const unknown = await fetch(`${server.url}/api/v1/namespaces/default/gizmos`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { reason: string }).reason, 'NotFound');
    const array = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', body: '[]' });
    assert.equal(array.status, 400);
    const wrongKind = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'Secret', metadata: { name: 'a' } }),
    });
    assert.equal(wrongKind.status, 400);
  });

  it('creates with generateName, conflicts on a stale resourceVersion, and patches', async () => {
    const created = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      body: JSON.stringify({ metadata: { generateName: 'cfg-' }, data: { a: '1' } }),
    });
    assert.equal(created.status, 201);
    const object = (await created.json()) as {
      metadata: { name: string; uid: string; resourceVersion: string; creationTimestamp: string };
    };
    assert.match(object.metadata.name, /^cfg-[a-z0-9]{5}$/);
    assert.ok(object.metadata.uid && object.metadata.creationTimestamp);
    const path = `${server.url}/api/v1/namespaces/default/configmaps/${object.metadata.name}`;
    const put = (resourceVersion: string) =>
      fetch(path, {
        method: 'PUT',
        body: JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion }, data: { a: '2' } }),
      });
    assert.equal((await put(object.metadata.resourceVersion)).status, 200);
    const stale = await put(object.metadata.resourceVersion);
    assert.equal(stale.status, 409);
    assert.equal(((await stale.json()) as { reason: string }).reason, 'Conflict');
    const merge = await fetch(path, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ data: { b: '3', a: null } }),
    });
    assert.deepEqual(((await merge.json()) as { data: unknown }).data, { b: '3' });
    const json = await fetch(path, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'add', path: '/data/c', value: '4' }]),
    });
    assert.deepEqual(((await json.json()) as { data: unknown }).data, { b: '3', c: '4' });
    const gone = await fetch(path, { method: 'DELETE' });
    assert.equal(gone.status, 200);
    assert.equal((await fetch(path)).status, 404);
  });

  it('replays changes after a resourceVersion, and sends ADDED of current state without one', async () => {
    server.create('v1/configmaps', { metadata: { name: 'r1', namespace: 'w' } });
    const mark = server.resourceVersion;
    server.create('v1/configmaps', { metadata: { name: 'r2', namespace: 'w' } });
    server.patch('v1/configmaps', 'w', 'r1', { data: { x: 'y' } });
    const resumed = await openWatch(server.url, `/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=${mark}`);
    await until(() => resumed.events.length === 2, { what: 'the replayed events' });
    assert.deepEqual(
      resumed.events.map((event) => [event.type, event.object.metadata?.name]),
      [
        ['ADDED', 'r2'],
        ['MODIFIED', 'r1'],
      ],
    );
    resumed.close();
    const fresh = await openWatch(server.url, '/api/v1/namespaces/w/configmaps?watch=1&labelSelector=');
    await until(() => fresh.events.length === 2, { what: 'the current state' });
    server.delete('v1/configmaps', 'w', 'r2');
    await until(() => fresh.events.length === 3, { what: 'the delete' });
    assert.deepEqual(
      fresh.events.map((event) => event.type),
      ['ADDED', 'ADDED', 'DELETED'],
    );
    fresh.close();
  });

  it('applies selectors to watches, turning a label change into ADDED and DELETED', async () => {
    const watch = await openWatch(
      server.url,
      `/api/v1/watch/namespaces/s/pods?labelSelector=app%3Dweb&resourceVersion=${server.resourceVersion}`,
    );
    server.create('v1/pods', pod('s', 'p', { app: 'db' }));
    server.patch('v1/pods', 's', 'p', { metadata: { labels: { app: 'web' } } });
    server.patch('v1/pods', 's', 'p', { metadata: { labels: { app: 'db' } } });
    await until(() => watch.events.length === 2, { what: 'the selected events' });
    assert.deepEqual(
      watch.events.map((event) => event.type),
      ['ADDED', 'DELETED'],
    );
    watch.close();
  });

  it('sends 410 Expired as an ERROR event for a resourceVersion it no longer holds', async () => {
    const old = server.resourceVersion;
    server.create('v1/configmaps', { metadata: { name: 'c1', namespace: 'old' } });
    server.compact();
    const watch = await openWatch(server.url, `/api/v1/namespaces/old/configmaps?watch=true&resourceVersion=${old}`);
    assert.equal(watch.response.statusCode, 200);
    assert.equal(await watch.ended, 'end');
    assert.equal(watch.events.length, 1);
    assert.equal(watch.events[0]?.type, 'ERROR');
    assert.equal(watch.events[0]?.object.code, 410);
    assert.equal(watch.events[0]?.object.reason, 'Expired');
    const current = await openWatch(
      server.url,
      `/api/v1/namespaces/old/configmaps?watch=true&resourceVersion=${server.resourceVersion}`,
    );
    server.create('v1/configmaps', { metadata: { name: 'c2', namespace: 'old' } });
    await until(() => current.events.length === 1, { what: 'the event after compaction' });
    current.close();
  });

  it('expires a resourceVersion older than the watch cache holds', async () => {
    const old = server.resourceVersion;
    for (let i = 0; i < 12; i++) server.create('v1/configmaps', { metadata: { name: `many-${i}`, namespace: 'cache' } });
    const watch = await openWatch(server.url, `/api/v1/configmaps?watch=true&resourceVersion=${old}`);
    await watch.ended;
    assert.equal(watch.events[0]?.object.code, 410);
  });

  it('sends BOOKMARK events with the latest resourceVersion when asked', async () => {
    const watch = await openWatch(
      server.url,
      `/api/v1/namespaces/b/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${server.resourceVersion}`,
    );
    server.create('v1/configmaps', { metadata: { name: 'elsewhere', namespace: 'b' } });
    const latest = server.resourceVersion;
    await until(
      () => watch.events.some((event) => event.type === 'BOOKMARK' && event.object.metadata?.resourceVersion === latest),
      {
        what: 'a bookmark at the latest resourceVersion',
      },
    );
    assert.equal(watch.events.find((event) => event.type === 'BOOKMARK')?.object.kind, 'Pod');
    watch.close();
    const plain = await openWatch(server.url, `/api/v1/namespaces/b/pods?watch=true&resourceVersion=${server.resourceVersion}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(plain.events.length, 0);
    plain.close();
  });

  it('ends a watch after timeoutSeconds', async () => {
    const watch = await openWatch(server.url, '/api/v1/pods?watch=true&timeoutSeconds=1');
    assert.equal(await watch.ended, 'end');
  });

  it('drops every open watch connection on dropWatches', async () => {
    const first = await openWatch(server.url, '/api/v1/pods?watch=true');
    const second = await openWatch(server.url, '/apis/apps/v1/deployments?watch=true');
    await until(() => server.watchCount === 2, { what: 'both watches open' });
    server.dropWatches();
    assert.deepEqual(await Promise.all([first.ended, second.ended]), ['error', 'error']);
    assert.equal(server.watchCount, 0);
  });

  it('serves cluster-scoped nodes and refuses them under a namespace', async () => {
    server.create('v1/nodes', { metadata: { name: 'node-1' } });
    const node = await fetch(`${server.url}/api/v1/nodes/node-1`);
    assert.equal(((await node.json()) as { metadata: { name: string; namespace?: string } }).metadata.namespace, undefined);
    assert.equal((await fetch(`${server.url}/api/v1/namespaces/default/nodes/node-1`)).status, 404);
  });
});

describe('the test Kubernetes API server under @kubernetes/client-node', () => {
  it("delivers ADDED, MODIFIED and DELETED to client-node's Watch", async () => {
    const server = await KubeApiServer.start();
    const dir = mkdtempSync(join(tmpdir(), 'kapi-client-'));
    try {
      const config = new KubeConfig();
      config.loadFromFile(server.kubeconfig(dir));
      const seen: string[] = [];
      const done: unknown[] = [];
      const controller = await new Watch(config).watch(
        '/api/v1/namespaces/cn/pods',
        {},
        (phase, object: { metadata: { name: string } }) => seen.push(`${phase} ${object.metadata.name}`),
        (error) => done.push(error),
      );
      server.create('v1/pods', pod('cn', 'a'));
      server.patch('v1/pods', 'cn', 'a', { status: { phase: 'Succeeded' } });
      server.delete('v1/pods', 'cn', 'a');
      await until(() => seen.length === 3, { what: 'three events' });
      assert.deepEqual(seen, ['ADDED a', 'MODIFIED a', 'DELETED a']);
      controller.abort();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the test Kubernetes API server over https', () => {
  it('receives the bearer token kubectl sends only over https, and client-node trusts its certificate', async () => {
    const server = await KubeApiServer.start({ https: true, tokens: { 'carol-token': { user: 'carol', groups: ['readers'] } } });
    const dir = mkdtempSync(join(tmpdir(), 'kapi-https-'));
    try {
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      server.create('v1/pods', pod('h', 'secure'));
      server.addDenyRule({ group: 'readers', verb: 'delete' });
      const env = { kubeconfig: server.kubeconfig(dir, { namespace: 'h', token: 'carol-token' }), home: dir };
      const got = await kubectl(env, ['get', 'pods', '-o', 'name']);
      assert.equal(got.stdout.trim(), 'pod/secure', got.stderr);
      const list = server.requests.find((request) => request.verb === 'list');
      assert.equal(list?.authorization, 'Bearer carol-token');
      const denied = await kubectl(env, ['delete', 'pod', 'secure']);
      assert.match(
        denied.stderr,
        /pods "secure" is forbidden: User "carol" cannot delete resource "pods" in API group "" in the namespace "h"/,
      );

      const config = new KubeConfig();
      config.loadFromFile(env.kubeconfig);
      const seen: string[] = [];
      const controller = await new Watch(config).watch(
        '/api/v1/namespaces/h/pods',
        {},
        (phase, object: { metadata: { name: string } }) => seen.push(`${phase} ${object.metadata.name}`),
        () => {},
      );
      await until(() => seen.length === 1, { what: 'the ADDED of the existing pod' });
      assert.deepEqual(seen, ['ADDED secure']);
      controller.abort();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
