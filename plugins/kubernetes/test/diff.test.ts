import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubernetesConfigError } from '../src/errors.js';
import { fieldDiff, goValue, parseFieldPath } from '../src/field-path.js';
import { recommend, recommendationResources } from '../src/recommendations.js';

const pod = {
  metadata: { name: 'web', namespace: 'shop', annotations: { 'app.kubernetes.io/version': '2' } },
  spec: {
    containers: [
      { name: 'a', image: 'nginx:1.14' },
      { name: 'b', image: 'redis' },
    ],
    replicas: 3,
  },
};

describe('field paths', () => {
  it('reads values as Botkube prints them', () => {
    assert.equal(parseFieldPath('spec.containers[*].image', 'f').read(pod), 'nginx:1.14,redis');
    assert.equal(parseFieldPath('{.spec.containers[1].name}', 'f').read(pod), 'b');
    assert.equal(parseFieldPath('spec.replicas', 'f').read(pod), '3');
    assert.equal(parseFieldPath('metadata.annotations.app\\.kubernetes\\.io\\/version', 'f').read(pod), '2');
    assert.equal(parseFieldPath('status.phase', 'f').read(pod), '<none>');
    assert.equal(parseFieldPath('spec.containers[0]', 'f').read(pod), 'map[image:nginx:1.14 name:a]');
    assert.equal(goValue([1, 'x', true]), '[1 x true]');
  });

  it('names a path it cannot parse', () => {
    assert.throws(
      () => parseFieldPath('><@>!$@435metadata.name', 'resources[0].updateSetting.fields[0]'),
      (e: unknown) =>
        e instanceof KubernetesConfigError &&
        /^resources\[0\]\.updateSetting\.fields\[0\]: .* is not a field path/.test(e.message),
    );
    assert.throws(() => parseFieldPath('spec.containers[?(@.name)]', 'f'), KubernetesConfigError);
  });

  it("writes a change as Botkube's diff, nothing when equal or <none> becomes false", () => {
    assert.equal(fieldDiff('spec.replicas', '1', '2'), 'spec.replicas:\n\t-: 1\n\t+: 2\n');
    assert.equal(fieldDiff('spec.replicas', '1', '1'), '');
    assert.equal(fieldDiff('spec.paused', '<none>', 'false'), '');
  });
});

describe('recommendations', () => {
  const all = { pod: { noLatestImageTag: true, labelsSet: true }, ingress: { backendServiceValid: true, tlsSecretValid: true } };

  it('lists the resources whose create events they need', () => {
    assert.deepEqual(recommendationResources(all), ['v1/pods', 'networking.k8s.io/v1/ingresses']);
    assert.deepEqual(recommendationResources({ ...all, pod: { noLatestImageTag: false, labelsSet: false } }), [
      'networking.k8s.io/v1/ingresses',
    ]);
  });

  it('finds latest images and missing labels on pods', async () => {
    const findings = await recommend('v1/pods', pod, all, async () => assert.fail('pods need no lookups'));
    assert.deepEqual(findings.recommendations, [
      "The 'latest' tag used in 'redis' image of Pod 'shop/web' container 'b' should be avoided.",
      "Pod 'shop/web' created without labels. Consider defining them, to be able to use them as a selector e.g. in Service.",
    ]);
  });

  it('finds missing services, ports and TLS secrets of ingresses', async () => {
    const ingress = {
      metadata: { name: 'in', namespace: 'shop' },
      spec: {
        rules: [
          {
            http: {
              paths: [
                { backend: { service: { name: 'web', port: { number: 80 } } } },
                { backend: { service: { name: 'api.other', port: { number: 8080 } } } },
                { backend: { service: { name: 'gone', port: { number: 1 } } } },
              ],
            },
          },
        ],
        tls: [{ secretName: 'cert' }],
      },
    };
    const asked: string[] = [];
    const findings = await recommend('networking.k8s.io/v1/ingresses', ingress, all, async (resource, namespace, name) => {
      asked.push(`${resource} ${namespace}/${name}`);
      if (name === 'web') return { spec: { ports: [{ port: 80 }] } };
      if (name === 'api') return { spec: { ports: [{ port: 9090 }] } };
      return undefined;
    });
    assert.deepEqual(asked, ['v1/services shop/web', 'v1/services other/api', 'v1/services shop/gone', 'v1/secrets shop/cert']);
    assert.deepEqual(findings.warnings, [
      "Service 'api.other' referred in Ingress 'shop/in' spec does not expose port '8080'.",
      "Service 'gone' referred in Ingress 'shop/in' spec does not exist.",
      "TLS secret 'cert' referred in Ingress 'shop/in' does not exist.",
    ]);
  });
});
