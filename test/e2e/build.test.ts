import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ECHO_BIN } from '../lib/paths.js';

describe('a bundled plugin', () => {
  it('is one executable file that does not carry grpc-js (the SDK serves gRPC itself)', () => {
    const mode = statSync(ECHO_BIN).mode;
    assert.ok(mode & 0o100, 'executable');
    const code = readFileSync(ECHO_BIN, 'utf8');
    assert.ok(code.startsWith('#!/usr/bin/env node\n'));
    assert.equal(code.includes('node_modules/@grpc/grpc-js'), false, 'grpc-js would cost every plugin 40 ms and 12 MiB');
  });
});
