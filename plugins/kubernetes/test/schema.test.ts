import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { kubernetes } from '../src/plugin.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(kubernetes.metadata.jsonSchema?.value as object);

describe('the config schema', () => {
  it("accepts Botkube's Helm configs", () => {
    const helm = {
      namespaces: { include: ['.*'] },
      event: { types: ['error'] },
      resources: [
        { type: 'v1/pods' },
        { type: 'v1/nodes', event: { message: { exclude: ['.*nf_conntrack_buckets.*'] } } },
        {
          type: 'apps/v1/deployments',
          updateSetting: { includeDiff: true, fields: ['spec.template.spec.containers[*].image', 'status.availableReplicas'] },
        },
      ],
      recommendations: {
        pod: { noLatestImageTag: true, labelsSet: true },
        ingress: { backendServiceValid: true, tlsSecretValid: true },
      },
      extraButtons: [
        {
          enabled: true,
          trigger: { type: ['error'] },
          button: { displayName: 'Get Help', commandTpl: 'doctor --resource={{ .Kind | lower }}/{{ .Name }}' },
        },
      ],
      filters: { objectAnnotationChecker: true, nodeEventsChecker: true },
      log: { level: 'debug', disableColors: false },
    };
    assert.equal(validate(helm), true, JSON.stringify(validate.errors));
  });

  it('names what is wrong', () => {
    assert.equal(validate({ resources: [{ type: 'pods' }], event: { types: ['created'] } }), false);
    const paths = (validate.errors ?? []).map((error) => error.instancePath);
    assert.ok(paths.includes('/resources/0/type'), JSON.stringify(paths));
    assert.ok(paths.includes('/event/types/0'), JSON.stringify(paths));
  });

  it('has the defaults the source uses', () => {
    const schema = kubernetes.metadata.jsonSchema?.value as { properties: Record<string, { default?: unknown }> };
    assert.deepEqual(schema.properties.event?.default, { types: ['create', 'update', 'delete', 'error'] });
    assert.equal(schema.properties.informerResyncPeriod?.default, '30m');
  });
});
