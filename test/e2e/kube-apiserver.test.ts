import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod, Watch } from '@kubernetes/client-node';
import { KubeApiServer } from '../lib/kube-apiserver/index.js';
import { type KubectlEnv, kubectl, spawnKubectl } from '../lib/kube-apiserver/kubectl.js';
import { openWatch } from '../lib/kube-apiserver/watch-client.js';
import { until } from '../lib/until.js';

const MAIN = fileURLToPath(new URL('../lib/kube-apiserver/main.js', import.meta.url));

const JSON_TYPE = { 'Content-Type': 'application/json' };

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

  it("decodes the protobuf bodies of kubectl's typed clients: create namespace, configmap, secret, deployment", async () => {
    const namespace = await kubectl(env, ['create', 'namespace', 'made']);
    assert.equal(namespace.stdout.trim(), 'namespace/made created', namespace.stderr);
    assert.equal(server.get('v1/namespaces', undefined, 'made')?.metadata.name, 'made');
    const configMap = await kubectl(env, ['create', 'configmap', 'lit', '--from-literal=a=b', '--from-literal=c=d']);
    assert.equal(configMap.stdout.trim(), 'configmap/lit created', configMap.stderr);
    assert.deepEqual(server.get('v1/configmaps', 'x', 'lit')?.data, { a: 'b', c: 'd' });
    const secret = await kubectl(env, ['create', 'secret', 'generic', 'pw', '--from-literal=password=hunter2']);
    assert.equal(secret.stdout.trim(), 'secret/pw created', secret.stderr);
    assert.deepEqual(server.get('v1/secrets', 'x', 'pw')?.data, { password: Buffer.from('hunter2').toString('base64') });
    const deployment = await kubectl(env, [
      'create',
      'deployment',
      'app',
      '--image=registry.example/app:2',
      '--replicas=2',
      '--port=8080',
    ]);
    assert.equal(deployment.stdout.trim(), 'deployment.apps/app created', deployment.stderr);
    const stored = server.get('apps/v1/deployments', 'x', 'app') as unknown as {
      spec: { replicas: number; selector: unknown; template: { spec: { containers: unknown[] } } };
    };
    assert.equal(stored.spec.replicas, 2);
    assert.deepEqual(stored.spec.selector, { matchLabels: { app: 'app' } });
    assert.deepEqual(stored.spec.template.spec.containers, [
      { name: 'app', image: 'registry.example/app:2', ports: [{ containerPort: 8080 }], resources: {} },
    ]);
  });

  it('scales a deployment through the scale subresource', async () => {
    server.create('apps/v1/deployments', { metadata: { name: 'scaled', namespace: 'x' }, spec: { replicas: 1 } });
    const scaled = await kubectl(env, ['scale', 'deployment', 'scaled', '--replicas=4']);
    assert.equal(scaled.stdout.trim(), 'deployment.apps/scaled scaled', scaled.stderr);
    assert.deepEqual(server.get('apps/v1/deployments', 'x', 'scaled')?.spec, { replicas: 4 });
    const table = await kubectl(env, ['get', 'deployment', 'scaled']);
    assert.deepEqual(table.stdout.trim().split('\n')[0]?.split(/\s+/), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.match(table.stdout, /^scaled\s+0\/4\s/m);
  });

  it('answers kubectl auth can-i from the deny rules', async () => {
    server.addDenyRule({ user: 'trent', verb: 'delete', resource: 'secrets' });
    const no = await kubectl(env, ['auth', 'can-i', 'delete', 'secrets', '--as', 'trent']);
    assert.equal(no.stdout.trim(), 'no - denied by a test deny rule');
    assert.equal(no.code, 1);
    const yes = await kubectl(env, ['auth', 'can-i', 'get', 'secrets', '--as', 'trent']);
    assert.equal(yes.stdout.trim(), 'yes');
  });

  it('applies a deployment twice, merging containers by name as strategic merge patch does', async () => {
    const file = join(dir, 'deploy.yaml');
    const manifest = (image: string) =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: applied-app, labels: {app: applied-app}}',
        'spec:',
        '  replicas: 1',
        '  selector: {matchLabels: {app: applied-app}}',
        '  template:',
        '    metadata: {labels: {app: applied-app}}',
        '    spec:',
        '      containers:',
        `      - {name: main, image: ${image}, ports: [{containerPort: 80}]}`,
        '      - {name: sidecar, image: registry.example/sidecar:1}',
        '',
      ].join('\n');
    writeFileSync(file, manifest('registry.example/app:1'));
    const first = await kubectl(env, ['apply', '-f', file]);
    assert.equal(first.stdout.trim(), 'deployment.apps/applied-app created', first.stderr);
    server.patch('apps/v1/deployments', 'x', 'applied-app', { status: { readyReplicas: 1 } });
    writeFileSync(file, manifest('registry.example/app:2'));
    const second = await kubectl(env, ['apply', '-f', file]);
    assert.equal(second.stdout.trim(), 'deployment.apps/applied-app configured', second.stderr);
    const patch = server.requests.findLast((request) => request.verb === 'patch');
    assert.equal(patch?.headers['content-type']?.[0], 'application/strategic-merge-patch+json');
    const stored = server.get('apps/v1/deployments', 'x', 'applied-app') as unknown as {
      spec: { template: { spec: { containers: unknown[] } } };
      status: unknown;
    };
    assert.deepEqual(stored.spec.template.spec.containers, [
      { name: 'main', image: 'registry.example/app:2', ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'registry.example/sidecar:1' },
    ]);
    assert.deepEqual(stored.status, { readyReplicas: 1 });
  });

  it('prints events with their own columns', async () => {
    server.create('v1/events', {
      metadata: { name: 'cols.1', namespace: 'evs' },
      involvedObject: { kind: 'Pod', namespace: 'evs', name: 'p1' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      type: 'Warning',
      lastTimestamp: new Date().toISOString(),
    });
    const { stdout, stderr } = await kubectl(env, ['get', 'events', '-n', 'evs']);
    assert.deepEqual(stdout.split('\n')[0]?.split(/\s{2,}/), ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], stderr);
    assert.match(stdout, /Warning\s+BackOff\s+pod\/p1\s+Back-off restarting failed container/);
  });

  it('allocates service cluster IPs and prints services', async () => {
    server.create('v1/services', {
      metadata: { name: 'api', namespace: 'x' },
      spec: { ports: [{ port: 443, protocol: 'TCP' }] },
    });
    const { stdout } = await kubectl(env, ['get', 'services']);
    assert.deepEqual(stdout.split('\n')[0]?.split(/\s+/), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    assert.match(stdout, /^api\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+443\/TCP\s/m);
  });

  it('describes a pod, with its events', async () => {
    const target = server.get('v1/pods', 'x', 'web-1');
    assert.ok(target);
    const event = server.recordEvent(target, { reason: 'Pulled', message: 'Container image pulled' });
    assert.match(String(event.metadata.name), /^web-1\.[0-9a-f]{16}$/);
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
    const array = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: '[]',
    });
    assert.equal(array.status, 400);
    const wrongKind = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ kind: 'Secret', metadata: { name: 'a' } }),
    });
    assert.equal(wrongKind.status, 400);
  });

  it('answers bad selectors, patch types, verbs and resourceVersions with the Status the apiserver would', async () => {
    const status = async (response: Response) => [response.status, ((await response.json()) as { message: string }).message];
    assert.deepEqual(await status(await fetch(`${server.url}/api/v1/pods?labelSelector=${encodeURIComponent('a in b')}`)), [
      400,
      "unable to parse requirement: found 'a in b', expected: identifier, '=', '!=', 'in' or 'notin'",
    ]);
    assert.deepEqual(await status(await fetch(`${server.url}/api/v1/pods?fieldSelector=nonsense`)), [
      400,
      "invalid selector: 'nonsense'; can't understand 'nonsense'",
    ]);
    assert.deepEqual(await status(await fetch(`${server.url}/api/v1/pods?watch=true&resourceVersion=abc`)), [
      400,
      'invalid resource version: abc',
    ]);
    server.create('v1/configmaps', { metadata: { name: 'target', namespace: 'errs' } });
    const path = `${server.url}/api/v1/namespaces/errs/configmaps/target`;
    const patch = (type: string, body: string) => fetch(path, { method: 'PATCH', headers: { 'Content-Type': type }, body });
    assert.deepEqual(await status(await patch('text/plain', '{}')), [
      415,
      'the body of the request was in an unknown format: text/plain',
    ]);
    assert.deepEqual(await status(await patch('application/json-patch+json', '[{"op":"frobnicate","path":"/a"}]')), [
      400,
      'unknown JSON patch operation: frobnicate',
    ]);
    assert.deepEqual(
      await status(await patch('application/json-patch+json', '[{"op":"replace","path":"/data/none","value":1}]')),
      [400, 'JSON patch path /data/none does not exist'],
    );
    assert.deepEqual(await status(await fetch(path, { method: 'POST', headers: JSON_TYPE, body: '{}' })), [
      405,
      'POST is not supported on configmaps/target',
    ]);
    assert.throws(
      () => server.update('v1/configmaps', { metadata: { name: 'target', namespace: 'errs', resourceVersion: '1' } }),
      {
        name: 'KubeStatusError',
        code: 409,
        message:
          'Operation cannot be fulfilled on configmaps "target": the object has been modified; please apply your changes to the latest version and try again',
      },
    );
    assert.throws(() => server.create('v1/gizmos', {}), { code: 400, message: /no resource type v1\/gizmos is served/ });
  });

  it('stores nothing on dryRun=All, and records request bodies', async () => {
    const before = server.resourceVersion;
    const response = await fetch(`${server.url}/api/v1/namespaces/default/configmaps?dryRun=All`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ metadata: { name: 'dry' }, data: { a: 'b' } }),
    });
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { metadata: { name: string } }).metadata.name, 'dry');
    assert.equal(server.get('v1/configmaps', 'default', 'dry'), undefined);
    assert.equal(server.resourceVersion, before);
    const recorded = server.requests.findLast((request) => request.verb === 'create');
    assert.deepEqual(JSON.parse(recorded?.body ?? '{}'), { metadata: { name: 'dry' }, data: { a: 'b' } });
    assert.deepEqual(recorded?.query, { dryRun: 'All' });
  });

  it('creates with generateName, conflicts on a stale resourceVersion, and patches', async () => {
    const created = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: JSON_TYPE,
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
        headers: JSON_TYPE,
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

  it('sends initial events then a BOOKMARK marking their end when sendInitialEvents=true', async () => {
    server.create('v1/secrets', { metadata: { name: 's1', namespace: 'init' } });
    const watch = await openWatch(
      server.url,
      '/api/v1/namespaces/init/secrets?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true',
    );
    await until(() => watch.events.length >= 2, { what: 'the initial events' });
    assert.equal(watch.events[0]?.type, 'ADDED');
    assert.equal(watch.events[1]?.type, 'BOOKMARK');
    assert.deepEqual(watch.events[1]?.object.metadata?.annotations, { 'k8s.io/initial-events-end': 'true' });
    watch.close();
  });

  it('ends a watch after timeoutSeconds', async () => {
    const watch = await openWatch(server.url, '/api/v1/pods?watch=true&timeoutSeconds=1');
    assert.equal(await watch.ended, 'end');
  });

  it('drops every open watch connection on dropWatches', async () => {
    const first = await openWatch(server.url, '/api/v1/pods?watch=true');
    const second = await openWatch(server.url, '/apis/apps/v1/deployments?watch=true');
    await until(() => server.watchCount === 2, { what: 'both watches open' });
    assert.equal(server.watchCountOf('v1/pods'), 1);
    assert.equal(server.watchCountOf('apps/v1/deployments'), 1);
    server.dropWatches();
    assert.deepEqual(await Promise.all([first.ended, second.ended]), ['error', 'error']);
    assert.equal(server.watchCount, 0);
  });

  it('pages lists with limit and continue, and deletes a collection by label', async () => {
    for (let i = 1; i <= 5; i++) {
      server.create('v1/configmaps', { metadata: { name: `p${i}`, namespace: 'paged', labels: { odd: String(i % 2 === 1) } } });
    }
    const names: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const response = await fetch(
        `${server.url}/api/v1/namespaces/paged/configmaps?limit=2${token === '' ? '' : `&continue=${token}`}`,
      );
      const page = (await response.json()) as {
        metadata: { continue?: string; resourceVersion: string };
        items: { metadata: { name: string } }[];
      };
      assert.match(page.metadata.resourceVersion, /^\d+$/);
      names.push(...page.items.map((item) => item.metadata.name));
      token = page.metadata.continue ?? '';
      pages++;
    } while (token !== '');
    assert.deepEqual(names, ['p1', 'p2', 'p3', 'p4', 'p5']);
    assert.equal(pages, 3);
    const deleted = await fetch(`${server.url}/api/v1/namespaces/paged/configmaps?labelSelector=odd%3Dtrue`, {
      method: 'DELETE',
    });
    assert.equal(((await deleted.json()) as { items: unknown[] }).items.length, 3);
    assert.deepEqual(
      server.list('v1/configmaps', 'paged').map((item) => item.metadata.name),
      ['p2', 'p4'],
    );
  });

  it('serves aggregated discovery when asked for it, and the legacy documents otherwise', async () => {
    const aggregated = await fetch(`${server.url}/apis`, {
      headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' },
    });
    assert.equal(aggregated.headers.get('content-type'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const list = (await aggregated.json()) as { kind: string; items: { metadata: { name: string } }[] };
    assert.equal(list.kind, 'APIGroupDiscoveryList');
    assert.ok(list.items.some((item) => item.metadata.name === 'chatkube.io'));
    const legacy = (await (await fetch(`${server.url}/apis`)).json()) as { kind: string; groups: { name: string }[] };
    assert.equal(legacy.kind, 'APIGroupList');
    assert.ok(legacy.groups.some((group) => group.name === 'apps'));
    const core = (await (await fetch(`${server.url}/api/v1`)).json()) as { resources: { name: string }[] };
    assert.ok(core.resources.some((resource) => resource.name === 'pods/log'));
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

describe('the test Kubernetes API server under an @kubernetes/client-node informer', () => {
  it('re-watches after endWatches and re-lists after a 410 Expired', async () => {
    const server = await KubeApiServer.start();
    const dir = mkdtempSync(join(tmpdir(), 'kapi-informer-'));
    try {
      const config = new KubeConfig();
      config.loadFromFile(server.kubeconfig(dir));
      const api = config.makeApiClient(CoreV1Api);
      server.create('v1/pods', pod('inf', 'a'));
      const informer = makeInformer<V1Pod>(config, '/api/v1/namespaces/inf/pods', () =>
        api.listNamespacedPod({ namespace: 'inf' }),
      );
      const added: string[] = [];
      const errors: unknown[] = [];
      informer.on('add', (object) => added.push(String(object.metadata?.name)));
      informer.on('error', (error) => errors.push(error));
      await informer.start();
      await until(() => added.includes('a') && server.watchCount === 1, { what: 'the informer to list and watch' });

      server.endWatches();
      server.create('v1/pods', pod('inf', 'b'));
      await until(() => added.includes('b'), { what: 'the event after a re-watch' });
      const lists = () => server.requests.filter((request) => request.verb === 'list').length;
      assert.equal(lists(), 1);

      await until(() => server.watchCount === 1, { what: 'the informer to watch again' });
      // All in one tick, before the informer can re-watch: its resourceVersion (b's) is then older than the history.
      server.endWatches();
      server.create('v1/pods', pod('inf', 'c'));
      server.compact();
      await until(() => added.includes('c') && lists() === 2, { what: 'a re-list after 410' });
      assert.deepEqual(
        informer
          .list('inf')
          .map((object) => object.metadata?.name)
          .sort(),
        ['a', 'b', 'c'],
      );
      assert.deepEqual(errors, []);
      await informer.stop();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the test Kubernetes API server with extra resource types', () => {
  it('serves a cluster-scoped custom resource given in the options, with its printer columns', async () => {
    const server = await KubeApiServer.start({
      resources: [
        {
          group: 'example.com',
          version: 'v1alpha1',
          resource: 'gadgets',
          singular: 'gadget',
          kind: 'Gadget',
          namespaced: false,
          shortNames: ['gd'],
          printerColumns: [{ name: 'Colour', type: 'string', jsonPath: '.spec.colour' }],
        },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'kapi-extra-'));
    try {
      const env = { kubeconfig: server.kubeconfig(dir), home: dir };
      const file = join(dir, 'gadget.yaml');
      writeFileSync(file, 'apiVersion: example.com/v1alpha1\nkind: Gadget\nmetadata: {name: g1}\nspec: {colour: blue}\n');
      const applied = await kubectl(env, ['apply', '-f', file]);
      assert.equal(applied.stdout.trim(), 'gadget.example.com/g1 created', applied.stderr);
      const got = await kubectl(env, ['get', 'gd']);
      assert.deepEqual(got.stdout.trim().split('\n')[0]?.split(/\s+/), ['NAME', 'COLOUR', 'AGE']);
      assert.match(got.stdout, /^g1\s+blue\s/m);
      assert.equal(server.get('example.com/v1alpha1/gadgets', undefined, 'g1')?.metadata.namespace, undefined);
      const resources = await kubectl(env, ['api-resources', '--api-group=example.com']);
      assert.match(resources.stdout, /^gadgets\s+gd\s+example\.com\/v1alpha1\s+false\s+Gadget$/m);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the standalone runner of the test Kubernetes API server', () => {
  it('seeds pods, writes a kubeconfig kubectl uses, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kapi-main-'));
    const runner = spawn(process.execPath, [MAIN, '--pods', '3', '--namespace', 'seeded', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      runner.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
      });
      await until(() => /^kubeconfig .+$/m.test(out), { what: 'the runner to print its kubeconfig' });
      assert.match(out, /^url http:\/\/127\.0\.0\.1:\d+$/m);
      const kubeconfig = (/^kubeconfig (.+)$/m.exec(out) as RegExpExecArray)[1] as string;
      const got = await kubectl({ kubeconfig, home: dir }, ['get', 'pods', '-o', 'name']);
      assert.deepEqual(got.stdout.trim().split('\n'), ['pod/pod-0', 'pod/pod-1', 'pod/pod-2']);
      const exited = new Promise((resolve) => runner.on('exit', (code) => resolve(code)));
      runner.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      runner.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad --pods value, naming it', () => {
    const result = spawnSync(process.execPath, [MAIN, '--pods', 'many'], { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /--pods must be a whole number, not many/);
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
