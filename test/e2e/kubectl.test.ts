/**
 * The agent with the bundled kubectl executor, through the web chat API.
 * First with the real kubectl against the test Kubernetes API server:
 * kubectl's own answers, refusals, Secrets, RBAC impersonation seen by the
 * server. Then with a recording stand-in kubectl on PATH: the exact argv
 * and KUBECONFIG each command ran with (argv discipline, temp kubeconfig).
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ApiAnswer, configFile, type RunningAgent, say, startAgent } from '../lib/agent.js';
import { KubeApiServer } from '../lib/kube-apiserver/index.js';
import { scratch } from '../lib/paths.js';

const text = (answer: ApiAnswer): string =>
  (answer.body.replies as { baseBody?: { codeBlock?: string; plaintext?: string } }[])
    .map((reply) => reply.baseBody?.codeBlock ?? reply.baseBody?.plaintext ?? '')
    .join('\n');

const agentConfig = (dir: string, runtime = 'worker') =>
  configFile(
    dir,
    `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [k8s] } }
        team-a: { name: team-a, bindings: { executors: [k8s-rbac] } }
executors:
  k8s:
    chatkube/kubectl: { enabled: true, runtime: ${runtime}, config: { defaultNamespace: x, streamTimeout: 2s } }
  k8s-rbac:
    chatkube/kubectl:
      enabled: true
      runtime: ${runtime}
      config: { defaultNamespace: x }
      context:
        rbac:
          user: { type: ChannelName, prefix: "chat:" }
          group: { type: Static, static: { values: [viewers] }, prefix: "chatkube:" }
settings:
  clusterName: lab
  stateDir: ${join(dir, 'state')}
`,
  );

const SECRET_VALUE = 'hunter2';
const SECRET_B64 = Buffer.from(SECRET_VALUE).toString('base64');

/** The private kubeconfig directories the plugin left in its temp dir. */
const leftovers = (tmp: string): string[] => readdirSync(tmp).filter((name) => name.startsWith('chatkube-kubectl-'));

describe('kubectl through the agent, against a Kubernetes API server', async () => {
  const dir = scratch();
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  let server: KubeApiServer;
  let agent: RunningAgent;

  before(async () => {
    server = await KubeApiServer.start();
    server.create('v1/pods', {
      metadata: { name: 'web-1', namespace: 'x' },
      spec: { containers: [{ name: 'main', image: 'app:1' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 0 }] },
    });
    server.create('v1/pods', { metadata: { name: 'hidden', namespace: 'vault' }, spec: { containers: [] } });
    server.create('v1/secrets', {
      metadata: {
        name: 'db',
        namespace: 'x',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ kind: 'Secret', data: { password: SECRET_B64 } }),
        },
      },
      type: 'Opaque',
      data: { password: SECRET_B64 },
    });
    server.addDenyRule({ user: 'chat:team-a', namespace: 'vault' });
    agent = await startAgent(['--config', agentConfig(dir)], {
      KUBECONFIG: server.kubeconfig(dir),
      HOME: dir,
      TMPDIR: tmp,
    });
  });
  after(() => server.close());

  it("answers kubectl's own output", async () => {
    const answer = text(await say(agent, 'ops', 'kubectl get pods -n x'));
    assert.match(answer, /^NAME\s+READY\s+STATUS/);
    assert.match(answer, /^web-1\s+1\/1\s+Running/m);
    // The default namespace of the config when none is given.
    assert.match(text(await say(agent, 'ops', 'kubectl get pods')), /^web-1\s/m);
  });

  it("shows kubectl's errors as the answer", async () => {
    assert.equal(
      text(await say(agent, 'ops', 'kubectl get pods nope -n x')),
      'Error from server (NotFound): pods "nope" not found',
    );
  });

  it('refuses forbidden verbs and flags, naming them, and sends nothing to the server', async () => {
    const before = server.requests.length;
    assert.match(text(await say(agent, 'ops', 'kubectl delete pod web-1 -n x')), /The verb delete is not allowed here/);
    assert.match(text(await say(agent, 'ops', 'kubectl edit pod web-1')), /The verb edit is not allowed/);
    assert.match(
      text(await say(agent, 'ops', 'kubectl get pods --kubeconfig=/etc/kubernetes/admin.conf')),
      /The flag --kubeconfig is not allowed/,
    );
    assert.match(text(await say(agent, 'ops', 'kubectl get pods --as system:admin')), /The flag --as is not allowed/);
    assert.match(text(await say(agent, 'ops', 'kubectl get pods -s http://evil')), /The flag -s is not allowed/);
    assert.equal(server.requests.length, before);
  });

  it('runs nothing that shell syntax asks for', async () => {
    const pwned = join(dir, 'pwned');
    for (const attempt of [
      `kubectl get pods -n x; touch ${pwned}`,
      `kubectl get pods $(touch ${pwned})`,
      `kubectl get pods \`touch ${pwned}\``,
      `kubectl get pods -n x && touch ${pwned}`,
      `kubectl get pods -n x | touch ${pwned}`,
    ]) {
      const answer = text(await say(agent, 'ops', attempt));
      assert.doesNotMatch(answer, /^web-1/m, attempt);
    }
    assert.match(text(await say(agent, 'ops', `kubectl get pods\ntouch ${pwned}`)), /one line/);
    assert.equal(existsSync(pwned), false);
  });

  it('never shows Secret values', async () => {
    const answers = [
      await say(agent, 'ops', 'kubectl get secret db -n x -o yaml'),
      await say(agent, 'ops', 'kubectl get secrets -n x -o json'),
      await say(agent, 'ops', 'kubectl get secrets,pods -n x -o yaml'),
      await say(agent, 'ops', 'kubectl describe secret db -n x'),
      await say(agent, 'ops', 'kubectl get secret/db -n x -o jsonpath={.data.password}'),
      await say(agent, 'ops', 'kubectl get secrets.v1. -n x -o go-template={{.items}}'),
    ].map(text);
    for (const answer of answers) {
      assert.ok(!answer.includes(SECRET_B64) && !answer.includes(SECRET_VALUE), answer);
    }
    assert.match(answers[0] ?? '', /password: <redacted>/);
    assert.match(answers[1] ?? '', /"password": "<redacted>"/);
    assert.match(answers[2] ?? '', /password: <redacted>[\s\S]*kind: Pod/);
    assert.match(answers[3] ?? '', /password:\s+7 bytes/);
    assert.match(answers[4] ?? '', /not allowed for Secrets/);
  });

  it("impersonates the channel under RBAC, and answers kubectl's Forbidden", async () => {
    const from = server.requests.length;
    assert.match(text(await say(agent, 'team-a', 'kubectl get pods')), /^web-1\s/m);
    const seen = server.requests.slice(from).filter((request) => request.verb === 'list');
    assert.ok(seen.length > 0);
    for (const request of seen) {
      assert.equal(request.impersonateUser, 'chat:team-a');
      assert.deepEqual(request.impersonateGroups, ['chatkube:viewers']);
    }
    assert.match(text(await say(agent, 'team-a', 'kubectl get pods -n vault')), /^Error from server \(Forbidden\)/);
    // Without RBAC, the same question goes as the agent itself.
    const plain = server.requests.length;
    assert.match(text(await say(agent, 'ops', 'kubectl get pods -n vault')), /^hidden\s/m);
    assert.ok(server.requests.slice(plain).every((request) => request.impersonateUser === undefined));
  });

  it('streams logs -f until the streamTimeout, then stops following', async () => {
    server.setPodLogs('x', 'web-1', ['first line', 'second line']);
    const answer = text(await say(agent, 'ops', 'kubectl logs web-1 -n x -f'));
    assert.match(answer, /^first line\nsecond line\n\(stopped after 2s, the streamTimeout of the kubectl plugin\)$/);
    assert.equal(server.logFollowerCount, 0);
  });

  it('builds a command from lists in the web chat, names listed by kubectl', async () => {
    const [start] = (await say(agent, 'ops', 'kubectl')).body.replies;
    assert.match(start.sections[0].selects.items[0].command, /kubectl @builder --verbs$/);
    const [built] = (await say(agent, 'ops', 'kubectl @builder --verbs get --resource-type pods --namespace x')).body.replies;
    const names = built.sections[0].selects.items.at(-1);
    assert.match(names.command, /kubectl @builder --verbs get --resource-type pods --namespace x --resource-name$/);
    assert.deepEqual(
      names.optionGroups[0].options.map((option: { value: string }) => option.value),
      ['web-1'],
    );
    assert.equal(built.sections[1].body.codeBlock, 'kubectl get pods -n x');
    assert.match(built.sections[1].buttons[0].command, /kubectl get pods -n x$/);
  });

  it('leaves no kubeconfig behind', () => {
    assert.deepEqual(leftovers(tmp), []);
  });
});

/** A kubectl that records argv and KUBECONFIG (path, content, mode) as JSON lines beside itself. */
function recordingKubectl(dir: string): {
  calls: () => { argv: string[]; kubeconfig?: string; content?: string; mode?: number }[];
} {
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
  const file = join(dir, 'kubectl');
  writeFileSync(
    file,
    `#!/usr/bin/env node
const fs = require('node:fs');
const call = { argv: process.argv.slice(2) };
const kc = process.env.KUBECONFIG;
if (kc) { call.kubeconfig = kc; try { call.content = fs.readFileSync(kc, 'utf8'); call.mode = fs.statSync(kc).mode & 0o777; } catch {} }
fs.appendFileSync(require('node:path').join(__dirname, 'calls.jsonl'), JSON.stringify(call) + '\\n');
process.stdout.write('recorded\\n');
`,
  );
  chmodSync(file, 0o755);
  const log = join(dir, 'calls.jsonl');
  return {
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line))
        : [],
  };
}

for (const runtime of ['worker', 'process']) {
  describe(`kubectl through the agent, with a recording kubectl, in a ${runtime}`, async () => {
    const dir = scratch();
    const bin = join(dir, 'bin');
    const tmp = join(dir, 'tmp');
    mkdirSync(bin);
    mkdirSync(tmp);
    const recorder = recordingKubectl(bin);
    const agentKubeconfig = join(dir, 'agent-kubeconfig');
    writeFileSync(
      agentKubeconfig,
      'current-context: c\nclusters:\n- name: k\n  cluster: { server: "https://k.example:6443" }\ncontexts:\n- name: c\n  context: { cluster: k, user: u }\nusers:\n- name: u\n  user: { token: agent-token }\n',
    );
    const agent = await startAgent(['--config', agentConfig(dir, runtime)], {
      PATH: `${bin}:${process.env.PATH}`,
      KUBECONFIG: agentKubeconfig,
      HOME: dir,
      TMPDIR: tmp,
    });

    it('runs kubectl with the words as argv, shell syntax as plain words', async () => {
      const pwned = join(dir, 'pwned');
      await say(agent, 'ops', `kubectl get pods -n x ";" 'touch ${pwned}' $(id) \`id\` a&&b`);
      const [call] = recorder.calls();
      assert.deepEqual(call?.argv, ['get', 'pods', '-n', 'x', ';', `touch ${pwned}`, '$(id)', '`id`', 'a&&b']);
      assert.equal(existsSync(pwned), false);
      // The plugin has RBAC in another group, so it has no credentials of its own: a channel
      // without RBAC gets a private kubeconfig of the agent's identity, impersonating no one.
      assert.notEqual(call?.kubeconfig, agentKubeconfig);
      assert.ok(call?.kubeconfig?.startsWith(join(tmp, 'chatkube-kubectl-')), call?.kubeconfig);
      assert.match(call?.content ?? '', /token: agent-token/);
      assert.doesNotMatch(call?.content ?? '', /\bas(-groups)?:/);
    });

    it('gives an RBAC channel a private kubeconfig impersonating it, deleted after the command', async () => {
      const from = recorder.calls().length;
      assert.equal(text(await say(agent, 'team-a', 'kubectl get pods')), 'recorded');
      const call = recorder.calls()[from];
      assert.deepEqual(call?.argv, ['get', '-n', 'x', 'pods']);
      assert.ok(call?.kubeconfig?.startsWith(join(tmp, 'chatkube-kubectl-')), call?.kubeconfig);
      assert.equal(call?.mode, 0o600);
      assert.match(call?.content ?? '', /as: chat:team-a/);
      assert.match(call?.content ?? '', /- chatkube:viewers/);
      assert.match(call?.content ?? '', /token: agent-token/);
      assert.match(call?.content ?? '', /server: https:\/\/k\.example:6443/);
      assert.equal(existsSync(call?.kubeconfig ?? ''), false);
      assert.deepEqual(leftovers(tmp), []);
    });

    it('runs nothing it refuses', async () => {
      const from = recorder.calls().length;
      await say(agent, 'team-a', 'kubectl get pods --kubeconfig=/etc/kubernetes/admin.conf');
      await say(agent, 'team-a', 'kubectl get pods --token=abc');
      await say(agent, 'team-a', 'kubectl exec -it web -- sh');
      assert.equal(recorder.calls().length, from);
    });
  });
}
