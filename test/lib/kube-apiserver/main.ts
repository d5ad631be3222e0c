/**
 * Runs the test Kubernetes API server standalone, for benchmarks and manual tries:
 *   node test/dist/lib/kube-apiserver/main.js [--port N] [--pods N] [--namespace NS] [--dir DIR] [--https]
 * Prints `url <URL>` and `kubeconfig <PATH>` lines, then serves until SIGINT/SIGTERM.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KubeApiServer } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    pods: { type: 'string', default: '0' },
    https: { type: 'boolean', default: false },
    namespace: { type: 'string', default: 'default' },
    dir: { type: 'string' },
  },
});

const port = Number(values.port);
const pods = Number(values.pods);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a TCP port, not ${values.port}`);
if (!Number.isInteger(pods) || pods < 0) throw new Error(`--pods must be a whole number, not ${values.pods}`);

const server = await KubeApiServer.start({ port, https: values.https });
const namespace = values.namespace;
for (let i = 0; i < pods; i++) {
  server.create('v1/pods', {
    metadata: { name: `pod-${i}`, namespace, labels: { app: `app-${i % 10}` } },
    spec: { containers: [{ name: 'main', image: 'registry.example/app:1' }], nodeName: 'node-1' },
    status: {
      phase: 'Running',
      podIP: `10.0.${Math.floor(i / 250)}.${i % 250}`,
      containerStatuses: [{ name: 'main', ready: true, restartCount: 0 }],
    },
  });
}

const stop = () => {
  server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Printed last, so whoever waits for these lines may signal the server at once.
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'kube-apiserver-'));
process.stdout.write(`url ${server.url}\nkubeconfig ${server.kubeconfig(dir, { namespace })}\n`);
