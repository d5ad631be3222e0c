import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config/index.js';
import { configProblems } from '../src/plugins/config-check.js';

const { config } = loadConfig({ files: [], env: {} });
const withConfig = (value: unknown) => ({
  ...config,
  executors: [
    { name: 'tools', plugins: [{ key: 'chatkube/echo', repo: 'chatkube', name: 'echo', enabled: true, config: value }] },
  ],
});
const ref = { key: 'chatkube/echo', repo: 'chatkube', name: 'echo' };
const schema = { value: { type: 'object', properties: { upper: { type: 'boolean' } }, additionalProperties: false } };

describe("checking a plugin's config against its schema", () => {
  it('names the group, the plugin and the path of each problem', () => {
    assert.deepEqual(configProblems('executor', ref, schema, withConfig({ upper: 'yes', extra: 1 })).sort(), [
      'executors.tools.chatkube/echo.config.upper: must be boolean',
      'executors.tools.chatkube/echo.config: must NOT have additional properties (extra)',
    ]);
    assert.deepEqual(configProblems('executor', ref, schema, withConfig({ upper: true })), []);
  });

  it('reads a schema given as JSON text, and checks nothing without a schema', () => {
    assert.equal(configProblems('executor', ref, { value: JSON.stringify(schema.value) }, withConfig({ upper: 1 })).length, 1);
    assert.deepEqual(configProblems('executor', ref, undefined, withConfig({ upper: 1 })), []);
  });

  it('says why a schema cannot be used: given by reference only, or not a schema', () => {
    assert.throws(() => configProblems('executor', ref, { refURL: 'https://example.com/s.json' }, withConfig({})), /refURL/);
    assert.throws(() => configProblems('executor', ref, { value: '{not json' }, withConfig({})), /cannot be used/);
  });
});
