/**
 * Review findings of RBAC kubeconfig generation: what the generated
 * kubeconfig keeps of the agent's own user.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { RbacRule } from '../src/config/types.js';
import { KubeconfigGenerator } from '../src/kube/kubeconfig-generator.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-review-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rule: RbacRule = {
  user: { type: 'Static', static: { value: 'alice' }, prefix: 'chat:' },
  group: { type: '', static: { values: [] }, prefix: '' },
};

describe("finding A1: a relative exec credential command of the agent's kubeconfig is kept relative", () => {
  it('makes exec.command absolute, as kubectl resolves it against the kubeconfig it was read from', async () => {
    const kubeconfig = join(dir, 'agent.yaml');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: c
clusters: [{ name: k, cluster: { server: "https://k:6443" } }]
contexts: [{ name: c, context: { cluster: k, user: u } }]
users:
- name: u
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1, command: ./bin/get-token, args: [--cluster, k] }
`,
    );
    const generated = await new KubeconfigGenerator({ clusterName: 'lab', kubeconfig }).generate(rule, 'ops');
    const doc = parse(new TextDecoder().decode(generated)) as { users: { user: { exec: { command: string } } }[] };
    // The generated file lives in a private temp folder of the plugin: ./bin/get-token is looked up there.
    assert.equal(doc.users[0]?.user.exec.command, join(dir, 'bin/get-token'));
  });
});
