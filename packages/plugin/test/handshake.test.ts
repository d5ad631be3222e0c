import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handshakeLine, negotiateVersion } from '../src/handshake.js';

describe('plugin handshake', () => {
  it('prints the line go-plugin prints', () => {
    assert.equal(handshakeLine(3, '/tmp/plugin123'), '1|3|unix|/tmp/plugin123|grpc|\n');
  });

  it('announces version 3 whatever the host offers, and warns about garbage', () => {
    const warnings: string[] = [];
    assert.equal(
      negotiateVersion({ PLUGIN_PROTOCOL_VERSIONS: '2,x' }, (w) => warnings.push(w)),
      3,
    );
    assert.deepEqual(warnings, ['host sent an invalid plugin protocol version "x"']);
  });
});
