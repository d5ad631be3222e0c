/** Starting a worker module, and each way that can fail, with an error that says which. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startWorkerPlugin } from 'chatkube';
import { pino } from 'pino';
import { ROOT, scratch } from '../lib/paths.js';

const ref = { key: 'test/worker', repo: 'test', name: 'worker' };
const options = { callTimeoutMs: 5000, logger: pino({ level: 'silent' }), startTimeoutMs: 2000 };
const SERVE_WORKER = pathToFileURL(join(ROOT, 'packages/plugin/dist/src/worker-entry.js')).href;

/** Writes a worker module into a scratch folder. */
function module(name: string, source: string): string {
  const path = join(scratch(), `${name}.mjs`);
  writeFileSync(path, source);
  return path;
}

const rejects = (path: string, code: string, message: RegExp) =>
  assert.rejects(startWorkerPlugin(ref, { path }, options), (error: Error & { code?: string }) => {
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return true;
  });

describe('starting a worker module', () => {
  it('serves a module that calls serveWorker, with a plugin object of either kind', async () => {
    const path = module(
      'ok',
      `import { serveWorker } from '${SERVE_WORKER}';
serveWorker({ metadata: { version: '1.2.3', description: 'ok' } });`,
    );
    const instance = await startWorkerPlugin(ref, { path }, options);
    assert.equal((await instance.source.metadata()).version, '1.2.3');
    await assert.rejects(instance.executor.help(), { code: 'CHATKUBE_ERR_PLUGIN_UNIMPLEMENTED' }, 'a source is no executor');
    await instance.close();
    assert.equal(await instance.exited, 'exited with code 0');
  });

  it('says why a module that throws as it loads cannot start', async () => {
    await rejects(
      module('throws', "process.stderr.write('about to fail\\n'); throw new Error('boom at load');"),
      'CHATKUBE_ERR_PLUGIN_START',
      /^plugin test\/worker cannot be started from .*throws\.mjs: boom at load\. Its last stderr lines:\nabout to fail$/,
    );
  });

  it('says so when there is no such module', async () => {
    await rejects(
      join(scratch(), 'missing.mjs'),
      'CHATKUBE_ERR_PLUGIN_START',
      /cannot be started from .*missing\.mjs: Cannot find module/,
    );
  });

  it('says so when the module does not serve a plugin', async () => {
    await rejects(
      module('plain', 'export default { metadata: { version: "1", description: "not served" } };'),
      'CHATKUBE_ERR_PLUGIN_EXITED',
      /^plugin test\/worker exited with code 0 before it was ready: does .*plain\.mjs call serveWorker of @chatkube\/plugin\/worker\?$/,
    );
  });

  it('says so when what the module serves is not a plugin object', async () => {
    await rejects(
      module('not-a-plugin', `import { serveWorker } from '${SERVE_WORKER}';\nserveWorker(42);`),
      'CHATKUBE_ERR_PLUGIN_START',
      /serveWorker something that is not a plugin object: expected an ExecutorPlugin or a SourcePlugin/,
    );
  });

  it('refuses a worker of another protocol version', async () => {
    await rejects(
      module(
        'other-version',
        "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready', protocol: 99, kind: 'executor' });\nsetInterval(() => {}, 1000);",
      ),
      'CHATKUBE_ERR_PLUGIN_PROTOCOL_VERSION',
      /speaks chatkube's worker protocol version 99, this agent version 1/,
    );
  });

  it('gives up on a module that never says it is ready', async () => {
    await rejects(
      module('silent', 'setInterval(() => {}, 1000);'),
      'CHATKUBE_ERR_PLUGIN_HANDSHAKE',
      /did not say it was ready within 2000 ms/,
    );
  });
});
