import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHandshake } from '../src/plugins/host/handshake.js';
import { pluginEnvironment } from '../src/plugins/host/process.js';

describe('parseHandshake', () => {
  it('reads unix and tcp lines, with or without the certificate field', () => {
    assert.deepEqual(parseHandshake('1|3|unix|/tmp/plugin1|grpc|\n', 'p'), {
      network: 'unix',
      address: '/tmp/plugin1',
      target: 'unix:/tmp/plugin1',
    });
    assert.deepEqual(parseHandshake('1|3|tcp|127.0.0.1:1234|grpc', 'p'), {
      network: 'tcp',
      address: '127.0.0.1:1234',
      target: '127.0.0.1:1234',
    });
    assert.equal(parseHandshake('1|3|unix|/tmp/p|grpc|CERT|extra', 'p').address, '/tmp/p');
  });

  it('refuses what is not a handshake, with a reason', () => {
    assert.throws(() => parseHandshake('hello', 'plugin x'), {
      code: 'CHATKUBE_ERR_PLUGIN_HANDSHAKE',
      message: /plugin x printed "hello"/,
    });
    assert.throws(() => parseHandshake('2|3|unix|/p|grpc', 'p'), /core protocol 2/);
    assert.throws(() => parseHandshake('1|2|unix|/p|grpc', 'p'), {
      code: 'CHATKUBE_ERR_PLUGIN_PROTOCOL_VERSION',
      message: /^p speaks plugin protocol 2, chatkube speaks 3/,
    });
    assert.throws(() => parseHandshake('1|3|unix|/p', 'p'), /offers the netrpc protocol/);
    assert.throws(() => parseHandshake('1|3|pipe|/p|grpc', 'p'), /unknown network "pipe"/);
  });
});

describe('pluginEnvironment', () => {
  it("gives plugins go-plugin's variables and a few of the agent's, never its secrets", () => {
    process.env.CHATKUBE_TEST_SECRET = 'hunter2';
    try {
      const env = pluginEnvironment({ PLUGIN_DEPENDENCY_DIR: '/deps' });
      assert.equal(env.BOTKUBE, '52ca7b74-28eb-4fac-ae79-31a9cbda2454');
      assert.equal(env.PLUGIN_PROTOCOL_VERSIONS, '3');
      assert.equal(env.PLUGIN_DEPENDENCY_DIR, '/deps');
      assert.equal(env.PATH, process.env.PATH);
      assert.equal(env.CHATKUBE_TEST_SECRET, undefined);
    } finally {
      delete process.env.CHATKUBE_TEST_SECRET;
    }
  });
});
