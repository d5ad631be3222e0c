import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { withTempKubeconfig, writeTempKubeconfig } from '../src/index.js';

describe('withTempKubeconfig', () => {
  it('writes a private file for the call and removes it after, even on failure', async () => {
    let seen = '';
    const bytes = new TextEncoder().encode('apiVersion: v1\n');
    const answer = await withTempKubeconfig(bytes, async (path) => {
      assert.ok(path);
      seen = path;
      assert.equal(readFileSync(path, 'utf8'), 'apiVersion: v1\n');
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(dirname(path)).mode & 0o777, 0o700);
      return 'done';
    });
    assert.equal(answer, 'done');
    assert.equal(existsSync(dirname(seen)), false);

    await assert.rejects(
      withTempKubeconfig(bytes, async (path) => {
        seen = path ?? '';
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(existsSync(seen), false);
  });

  it('writes nothing for an absent or empty kubeconfig', async () => {
    assert.equal(await withTempKubeconfig(undefined, async (path) => path), undefined);
    assert.equal(await writeTempKubeconfig(new Uint8Array()), undefined);
  });
});
