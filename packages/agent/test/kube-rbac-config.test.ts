/** `context.rbac` in the configuration: the schema, the cross-checks, and what the agent gets. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../src/config/index.js';
import { configDir, loadInvalid, problemAt } from './config-fixtures.js';

const files = configDir();
after(files.cleanup);

/** A web chat channel `ops` bound to executor groups `a` and `b`, each with kubectl, and a source group. */
const config = (rbacA: string, rbacB = rbacA, sourceRbac = '') =>
  files.write(
    'rbac.yaml',
    `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [a, b], sources: [events] } }
executors:
  a:
    chatkube/kubectl: { enabled: true${rbacA ? `, context: { rbac: ${rbacA} }` : ''} }
  b:
    chatkube/kubectl: { enabled: true${rbacB ? `, context: { rbac: ${rbacB} }` : ''} }
sources:
  events:
    chatkube/webhook: { enabled: true${sourceRbac ? `, context: { rbac: ${sourceRbac} }` : ''} }
`,
  );

describe('context.rbac in the configuration', () => {
  it('loads Botkube rules into complete rules', () => {
    const rule = '{ user: { type: ChannelName, prefix: "chat:" }, group: { type: Static, static: { values: [viewers, ops] } } }';
    const { config: loaded } = loadConfig({ files: [config(rule)], env: {} });
    assert.deepEqual(loaded.executors[0]?.plugins[0]?.context?.rbac, {
      user: { type: 'ChannelName', static: { value: '' }, prefix: 'chat:' },
      group: { type: 'Static', static: { values: ['viewers', 'ops'] }, prefix: '' },
    });
    const { config: none } = loadConfig({ files: [config('')], env: {} });
    assert.equal(none.executors[0]?.plugins[0]?.context, undefined);
  });

  it('refuses a subject type it does not know and keys it does not have, naming the path', () => {
    const error = loadInvalid({ files: [config('{ user: { type: static, static: { value: x } }, group: { typ: Static } }')] });
    assert.match(
      problemAt(error.problems, 'executors.a.chatkube/kubectl.context.rbac.user.type').message,
      /^expected one of Static, ChannelName, "", got a string \("static"\)$/,
    );
    assert.match(problemAt(error.problems, 'executors.a.chatkube/kubectl.context.rbac.group.typ').message, /./);
    const values = loadInvalid({ files: [config('{ group: { type: Static, static: { values: viewers } } }')] });
    assert.match(
      problemAt(values.problems, 'executors.a.chatkube/kubectl.context.rbac.group.static.values').message,
      /expected a list of group names, got a string/,
    );
  });

  it('needs the names of Static subjects', () => {
    const error = loadInvalid({ files: [config('{ user: { type: Static }, group: { type: Static, static: { values: [] } } }')] });
    assert.equal(
      problemAt(error.problems, 'executors.a.chatkube/kubectl.context.rbac.user.static.value').message,
      'missing: a Static user needs a name',
    );
    assert.equal(
      problemAt(error.problems, 'executors.a.chatkube/kubectl.context.rbac.group.static.values').message,
      'missing: a Static group needs at least one group name',
    );
  });

  it('refuses a plugin bound through several groups with different RBAC (Botkube rule)', () => {
    const error = loadInvalid({
      files: [
        config('{ user: { type: Static, static: { value: alice } } }', '{ user: { type: Static, static: { value: bob } } }'),
      ],
    });
    assert.equal(
      problemAt(error.problems, 'communications.g.webchat.channels.ops.bindings.executors').message,
      'binds executors.a.chatkube/kubectl and executors.b.chatkube/kubectl with different context.rbac: a plugin bound in several groups must have the same RBAC in all of them',
    );
    // The same rule written twice, in different orders or with empty defaults spelled out, is the same rule.
    loadConfig({
      files: [
        config(
          '{ user: { type: Static, static: { value: alice } } }',
          '{ group: { type: "", prefix: "" }, user: { prefix: "", static: { value: alice }, type: Static } }',
        ),
      ],
      env: {},
    });
  });

  it('refuses ChannelName on a source, which streams to no one channel', () => {
    const error = loadInvalid({ files: [config('', '', '{ user: { type: ChannelName } }')] });
    assert.equal(
      problemAt(error.problems, 'sources.events.chatkube/webhook.context.rbac.user.type').message,
      'is ChannelName, but a source streams to no one channel: use Static',
    );
  });

  it('reads settings.kubeconfig and saCredentialsPathPrefix', () => {
    const file = files.write(
      'settings.yaml',
      'settings:\n  kubeconfig: /etc/agent/kubeconfig\n  saCredentialsPathPrefix: /var/run/sa\n',
    );
    const { config: loaded, warnings } = loadConfig({ files: [file], env: {} });
    assert.equal(loaded.settings.kubeconfig, '/etc/agent/kubeconfig');
    assert.equal(loaded.settings.serviceAccountDir, '/var/run/sa');
    assert.equal(warnings.filter((w) => w.path.startsWith('settings.')).length, 0);
  });
});
