/**
 * The client's requests: a credential the server refuses (401) is fetched
 * anew once, here an exec plugin's token, which the plugin then renews.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { KubeApiError } from '../src/errors.js';
import { createKubeClient } from '../src/kube-client.js';

const dir = mkdtempSync(join(tmpdir(), 'chatkube-kube-client-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('createKubeClient', () => {
  it('runs the exec plugin again after a 401, and retries once', async (t) => {
    const runs = join(dir, 'runs');
    writeFileSync(runs, '');
    const plugin = join(dir, 'plugin.mjs');
    writeFileSync(
      plugin,
      `import { appendFileSync, readFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(runs)}, 'run\\n');
const run = readFileSync(${JSON.stringify(runs)}, 'utf8').trim().split('\\n').length;
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'tok-' + run } }));
`,
    );
    const seen: (string | undefined)[] = [];
    const server = http.createServer((request, response) => {
      seen.push(request.headers.authorization);
      const ok = request.headers.authorization !== 'Bearer tok-1';
      response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      response.end(ok ? '{"kind":"Status","status":"Success"}' : '{"kind":"Status","message":"Unauthorized"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const kubeConfig = Buffer.from(
      JSON.stringify({
        'current-context': 'c',
        clusters: [{ name: 'k', cluster: { server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } }],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: process.execPath,
                args: [plugin],
                interactiveMode: 'Never',
              },
            },
          },
        ],
        contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
      }),
    );
    const client = await createKubeClient({ kubeConfig });
    assert.deepEqual(await client.getJson('/api'), { kind: 'Status', status: 'Success' });
    assert.deepEqual(seen, ['Bearer tok-1', 'Bearer tok-2']);
    assert.deepEqual(await client.getJson('/api'), { kind: 'Status', status: 'Success' }, 'the renewed token is kept');
    assert.equal(readFileSync(runs, 'utf8').trim().split('\n').length, 2);
    // A server that refuses every token: one retry with a renewed token, then the 401 is told.
    const refused: (string | undefined)[] = [];
    server.removeAllListeners('request');
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      refused.push(request.headers.authorization);
      response.writeHead(401).end('{"message":"Unauthorized"}');
    });
    await assert.rejects(client.getJson('/api'), (error: unknown) => error instanceof KubeApiError && error.status === 401);
    assert.deepEqual(refused, ['Bearer tok-2', 'Bearer tok-3']);
  });
});
