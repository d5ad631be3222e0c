import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileConfig, parseResourceType } from '../src/config.js';
import { compileConstraints } from '../src/constraints.js';
import { KubernetesConfigError } from '../src/errors.js';

const configError = (pattern: RegExp) => (error: unknown) =>
  error instanceof KubernetesConfigError && error.code === 'CHATKUBE_ERR_KUBERNETES_CONFIG' && pattern.test(error.message);

describe('compileConstraints', () => {
  it('checks exclude first, then include; entries are exact or regex', () => {
    const ns = compileConstraints({ include: ['.*'], exclude: ['kube-system', 'test-.*'] }, 'namespaces');
    assert.ok(ns);
    assert.equal(ns.allows('default'), true);
    assert.equal(ns.allows('kube-system'), false);
    assert.equal(ns.allows('test-1'), false);
    assert.equal(ns.allows(''), true, '.* matches cluster-scoped objects too');
    const exact = compileConstraints({ include: ['web', 'a+b'] }, 'name');
    assert.ok(exact);
    assert.equal(exact.allows('a+b'), true, 'exact match even where the regex would not match');
    assert.equal(exact.allows('webserver'), true, 'regexes are not anchored, as Go MatchString');
    assert.equal(exact.allows('api'), false);
  });

  it('allows nothing with excludes alone, as Botkube (include .* to allow the rest)', () => {
    const c = compileConstraints({ exclude: ['kube-system'] }, 'namespaces');
    assert.equal(c?.allows('default'), false);
  });

  it('is no constraint when nothing is listed; blank excludes are skipped', () => {
    assert.equal(compileConstraints({}, 'x'), undefined);
    assert.equal(compileConstraints({ include: [], exclude: [' '] }, 'x'), undefined);
    assert.equal(compileConstraints(undefined, 'x'), undefined);
  });

  it("takes Go's leading flag groups", () => {
    const c = compileConstraints({ include: ['(?i)^backoff$'] }, 'event.reason');
    assert.equal(c?.allows('BackOff'), true);
  });

  it('names the entry that is not a valid regex or not a string', () => {
    assert.throws(
      () => compileConstraints({ include: ['ok', '(['] }, 'namespaces'),
      configError(/^namespaces\.include\[1\]: "\(\[" is not a valid regex/),
    );
    assert.throws(
      () => compileConstraints({ exclude: [3] }, 'resources[0].name'),
      configError(/^resources\[0\]\.name\.exclude\[0\]: must be a string, got 3$/),
    );
    assert.throws(() => compileConstraints({ include: 'x' }, 'namespaces'), configError(/namespaces\.include: must be a list/));
  });
});

describe('compileConfig', () => {
  it("merges the groups' configs over Botkube's defaults, later winning, lists replaced", () => {
    const config = compileConfig([
      { namespaces: { include: ['.*'] }, resources: [{ type: 'v1/pods' }, { type: 'apps/v1/deployments' }] },
      { event: { types: ['create'] }, resources: [{ type: 'v1/configmaps', event: { types: ['Delete'] } }] },
    ]);
    assert.deepEqual(
      config.resources.map((r) => [r.type.id, r.event.types]),
      [['v1/configmaps', ['delete']]],
    );
    assert.equal(config.raw.filters.objectAnnotationChecker, true);
    assert.equal(config.raw.filters.nodeEventsChecker, true);
    assert.deepEqual(config.raw.commands.verbs, [
      'api-resources',
      'api-versions',
      'cluster-info',
      'describe',
      'explain',
      'get',
      'logs',
      'top',
    ]);
    assert.equal(config.raw.informerResyncPeriod, '30m');
    assert.equal(
      config.resources[0]?.namespaces?.allows('default'),
      true,
      'the global namespaces apply to resources without their own',
    );
  });

  it('lets a resource override namespaces, labels, annotations and event constraints', () => {
    const config = compileConfig([
      {
        namespaces: { include: ['prod'] },
        labels: { team: 'a' },
        event: { types: ['all'], reason: { include: ['BackOff'] } },
        resources: [
          { type: 'v1/pods' },
          {
            type: 'v1/services',
            namespaces: { include: ['dev'] },
            labels: { team: 'b' },
            event: { types: ['update'], message: { exclude: ['noise'] } },
          },
        ],
      },
    ]);
    const [pods, services] = config.resources;
    assert.deepEqual(pods?.event.types, ['create', 'update', 'delete', 'error']);
    assert.equal(pods?.event.reason?.allows('BackOff'), true);
    assert.deepEqual(pods?.labels, { team: 'a' });
    assert.equal(services?.namespaces?.allows('prod'), false);
    assert.equal(services?.namespaces?.allows('dev'), true);
    assert.deepEqual(services?.labels, { team: 'b' });
    assert.equal(services?.event.reason, undefined, "the resource's own reason/message constraints replace the global ones");
    assert.equal(services?.event.message?.allows('noise here'), false);
  });

  it('parses resource types, core and grouped, custom ones too', () => {
    assert.deepEqual(parseResourceType('v1/pods', 'x'), { group: '', version: 'v1', plural: 'pods', id: 'v1/pods' });
    assert.deepEqual(parseResourceType('velero.io/v1/backups', 'x'), {
      group: 'velero.io',
      version: 'v1',
      plural: 'backups',
      id: 'velero.io/v1/backups',
    });
    assert.throws(
      () => compileConfig([{ resources: [{ type: 'pods' }] }]),
      configError(/^resources\[0\]\.type: type "pods" is not \{group\}/),
    );
    assert.throws(() => compileConfig([{ resources: [{}] }]), configError(/^resources\[0\]\.type: type must be a string/));
  });

  it('names bad event types, maps and lists', () => {
    assert.throws(
      () => compileConfig([{ event: { types: ['created'] }, resources: [{ type: 'v1/pods' }] }]),
      configError(/^event\.types\[0\]: unknown event type "created"/),
    );
    assert.throws(
      () => compileConfig([{ resources: [{ type: 'v1/pods', labels: { a: 1 } }] }]),
      configError(/^resources\[0\]\.labels\.a: must be a string, got 1$/),
    );
    assert.throws(() => compileConfig([{ resources: { type: 'v1/pods' } }]), configError(/^resources: must be a list$/));
    assert.throws(
      () => compileConfig([{ extraButtons: [{ trigger: { type: ['oops'] } }] }]),
      configError(/^extraButtons\[0\]\.trigger\.type\[0\]: unknown event type/),
    );
    assert.throws(() => compileConfig(['text']), /a plugin config must be a mapping/);
    assert.throws(
      () => compileConfig([{ resources: [{ type: 'v1/pods', updateSetting: { fields: ['spec.a', 'x[?(@.b)]'] } }] }]),
      configError(/^resources\[0\]\.updateSetting\.fields\[1\]: "x\[\?\(@\.b\)\]" is not a field path/),
    );
  });
});
