/**
 * Review findings of the helm executor, proven against the real plugin
 * object with the stand-in helm.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import type { ExecuteInput, ExecuteOutput, ExecuteResult } from '@chatkube/api';
import { helm } from '../src/index.js';
import { fakeHelm } from './fake-helm.js';

const fake = fakeHelm();
process.env.PLUGIN_DEPENDENCY_DIR = fake.dir;

const input = (command: string): ExecuteInput => ({
  command,
  configs: [],
  context: { isInteractivitySupported: false, incomingWebhook: { baseSourceURL: '' } },
});
const isIterable = (result: Awaited<ExecuteResult>): result is AsyncIterable<ExecuteOutput> => Symbol.asyncIterator in result;

async function run(command: string): Promise<void> {
  const result = await helm.execute(input(command), new AbortController().signal);
  if (isIterable(result)) for await (const _ of result) void _;
}

let callsBefore = 0;
beforeEach(() => {
  callsBefore = fake.calls().length;
});

describe("finding H1: -f inside a cluster of short flags (-if, -gf) reads a values file on the agent's host", () => {
  // helm's pflag reads `-if x` as `-i -f x` (upgrade --install) and `-gf x` as `-g -f x` (install --generate-name).
  for (const command of [
    'helm upgrade -if /home/agent/.kube/config web repo/chart',
    'helm upgrade web repo/chart -if=/etc/passwd',
    'helm install -gf /var/run/secrets/kubernetes.io/serviceaccount/token repo/chart',
    'helm upgrade -if/etc/passwd web repo/chart',
  ]) {
    it(`refuses ${command}`, async () => {
      await assert.rejects(run(command), /values files are read on the agent's host/);
      assert.equal(fake.calls().length, callsBefore, 'helm was not run');
    });
  }
});

describe("finding H2: values URLs reach the agent's network (cloud metadata, loopback), and helm get values shows what they answered", () => {
  for (const url of [
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/node-role',
    'http://127.0.0.1:10255/pods',
    'http://[::1]/',
    'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token',
  ]) {
    it(`refuses -f ${url}`, async () => {
      await assert.rejects(run(`helm install web repo/chart -f ${url}`));
      assert.equal(fake.calls().length, callsBefore, 'helm was not run');
    });
  }
});

describe('finding R1 (streams): a helm stream whose call is cancelled before it starts runs helm to streamTimeout', () => {
  it('starts no helm once the call is cancelled', async () => {
    const cancelled = new AbortController();
    const result = await helm.execute(
      { ...input('helm rollback hang 1'), configs: [{ streamTimeout: '1500ms' }] },
      cancelled.signal,
    );
    cancelled.abort();
    await (async () => {
      if (isIterable(result)) for await (const _ of result) void _;
    })().catch(() => {});
    // Started after the call was cancelled, helm is stopped only by streamTimeout.
    assert.equal(fake.calls().length, callsBefore, 'helm was started after the call was cancelled');
  });
});

describe('finding H3: helm get manifest (and get all, install --dry-run) prints the Secrets of a release with their values', () => {
  it('never shows a Secret value', async () => {
    const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXZhbHVl';
    const dir = mkdtempSync(join(tmpdir(), 'chatkube-helm-manifest-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const manifest = `---\n# Source: app/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${SECRET_VALUE}\n`;
    writeFileSync(join(dir, 'helm'), `#!/bin/sh\ncat <<'EOF'\n${manifest}EOF\n`, { mode: 0o755 });
    const saved = process.env.PLUGIN_DEPENDENCY_DIR;
    process.env.PLUGIN_DEPENDENCY_DIR = dir;
    try {
      const output = (await helm.execute(input('helm get manifest web'), new AbortController().signal)) as ExecuteOutput;
      const shown = output.message.baseBody?.codeBlock ?? output.message.baseBody?.plaintext ?? '';
      assert.ok(shown.includes('kind: Secret'), `the stand-in ran: ${shown}`);
      assert.doesNotMatch(shown, new RegExp(SECRET_VALUE));
    } finally {
      process.env.PLUGIN_DEPENDENCY_DIR = saved;
    }
  });
});
