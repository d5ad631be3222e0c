import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lookupBinary, runCommand } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'chatkube-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const tool = (name: string, body: string): string => {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
};

describe('runCommand', () => {
  it('passes argv as it is, never through a shell', async () => {
    const result = await runCommand(['printf', '%s|', 'a b', '$(whoami)', ';', '*']);
    assert.deepEqual(result, { exitCode: 0, signal: null, stdout: 'a b|$(whoami)|;|*|', stderr: '', truncated: false });
  });

  it('returns the exit code and stderr of a failing program', async () => {
    const result = await runCommand(['sh', '-c', 'echo oops >&2; exit 4']);
    assert.equal(result.exitCode, 4);
    assert.equal(result.stderr, 'oops\n');
  });

  it('finds binaries in PLUGIN_DEPENDENCY_DIR before PATH', async () => {
    tool('printf', 'echo from-deps');
    assert.equal(lookupBinary('printf', { PLUGIN_DEPENDENCY_DIR: dir, PATH: '/usr/bin:/bin' }), join(dir, 'printf'));
    const result = await runCommand(['printf', 'x'], { env: { PLUGIN_DEPENDENCY_DIR: dir } });
    assert.equal(result.stdout, 'from-deps\n');
  });

  it('says where it looked for a missing binary', async () => {
    await assert.rejects(runCommand(['no-such-tool'], { env: { PLUGIN_DEPENDENCY_DIR: '/opt/deps' } }), {
      code: 'CHATKUBE_ERR_COMMAND_NOT_FOUND',
      message: 'no-such-tool was not found in PLUGIN_DEPENDENCY_DIR (/opt/deps) or PATH',
    });
    await assert.rejects(runCommand([]), { code: 'CHATKUBE_ERR_COMMAND_NOT_FOUND' });
  });

  it('stops a program that runs past its timeout', async () => {
    await assert.rejects(runCommand(['sleep', '30'], { timeoutMs: 100 }), {
      code: 'CHATKUBE_ERR_COMMAND_TIMEOUT',
      message: 'sleep ran longer than 100 ms and was stopped',
    });
  });

  it('stops a program whose output passes the limit and keeps what fits', async () => {
    const result = await runCommand(['yes'], { maxOutputBytes: 1000 });
    assert.equal(result.truncated, true);
    assert.equal(result.stdout.length, 1000);
    assert.equal(result.signal, 'SIGKILL');
  });

  it('feeds stdin and stops when aborted', async () => {
    assert.equal((await runCommand(['cat'], { stdin: 'piped' })).stdout, 'piped');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await runCommand(['sleep', '30'], { signal: controller.signal });
    assert.equal(result.signal, 'SIGTERM');
  });

  it('gives the program only the environment it is given with inheritEnv: false', async () => {
    process.env.CHATKUBE_TEST_SECRET = 'plugin-only';
    try {
      const inherited = await runCommand(['/usr/bin/env']);
      assert.match(inherited.stdout, /^CHATKUBE_TEST_SECRET=plugin-only$/m);
      const minimal = await runCommand(['env'], { inheritEnv: false, env: { PATH: '/usr/bin:/bin', ONLY: 'this' } });
      assert.deepEqual(minimal.stdout.trim().split('\n').sort(), ['ONLY=this', 'PATH=/usr/bin:/bin']);
    } finally {
      delete process.env.CHATKUBE_TEST_SECRET;
    }
  });

  it('forwards output as it arrives, in whole characters', async () => {
    const pieces: string[] = [];
    const result = await runCommand(['sh', '-c', "printf 'é'; sleep 0.05; printf 'x' >&2; printf 'ü\\n'"], {
      onOutput: (text, from) => pieces.push(`${from}:${text}`),
    });
    assert.equal(result.stdout, 'éü\n');
    assert.deepEqual(
      pieces.filter((p) => p.startsWith('stderr:')),
      ['stderr:x'],
    );
    assert.equal(
      pieces
        .filter((p) => p.startsWith('stdout:'))
        .map((p) => p.slice(7))
        .join(''),
      'éü\n',
    );
  });
});
