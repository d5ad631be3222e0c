/** `runtime: process | worker` on a plugin entry: loaded, checked, defaulted, and found in the bundled repository. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ChannelDirectory } from '../src/agent/channel-directory.js';
import { wantedPlugins } from '../src/agent/wanted-plugins.js';
import { loadConfig } from '../src/config/index.js';
import { bundledLocator } from '../src/plugins/bundled.js';
import { pluginExecutableName, pluginWorkerModuleName } from '../src/plugins/executable-name.js';
import { chooseRuntime } from '../src/plugins/start-plugin.js';
import { configDir, loadInvalid, problemAt } from './config-fixtures.js';

const files = configDir();
after(files.cleanup);

/** Executor groups `a` and `b`, both bound to channel `ops`, each with the entry lines given. */
const twoGroups = (a: string, b: string) =>
  [
    'communications:',
    '  g:',
    '    webchat:',
    '      enabled: true',
    '      channels:',
    '        ops: { name: ops, bindings: { executors: [a, b] } }',
    'executors:',
    `  a: { chatkube/echo: { ${a} } }`,
    `  b: { chatkube/echo: { ${b} } }`,
  ].join('\n');

/** The plugins the agent would start for a loaded configuration. */
function wanted(file: string) {
  const { config } = loadConfig({ files: [file], env: {} });
  const channels = config.communications.flatMap((group) => group.channels);
  const directory = { all: () => channels, actions: () => [] } as unknown as ChannelDirectory;
  return wantedPlugins(config, directory);
}

describe("a plugin entry's runtime", () => {
  it('is read from the entry, and left out when not written', () => {
    const file = files.write('runtime.yaml', twoGroups('enabled: true, runtime: process', 'enabled: true'));
    const { config } = loadConfig({ files: [file], env: {} });
    assert.equal(config.executors[0]?.plugins[0]?.runtime, 'process');
    assert.equal('runtime' in (config.executors[1]?.plugins[0] ?? {}), false);
    // One process for the key, in the runtime that one of its entries names.
    assert.deepEqual(wanted(file), [
      { kind: 'executor', ref: { key: 'chatkube/echo', repo: 'chatkube', name: 'echo', runtime: 'process' } },
    ]);
    const unset = files.write('unset.yaml', twoGroups('enabled: true', 'enabled: true'));
    assert.deepEqual(wanted(unset), [{ kind: 'executor', ref: { key: 'chatkube/echo', repo: 'chatkube', name: 'echo' } }]);
  });

  it('is process or worker, nothing else', () => {
    const file = files.write('bad-runtime.yaml', twoGroups('enabled: true, runtime: thread', 'enabled: true'));
    const problem = problemAt(loadInvalid({ files: [file] }).problems, 'executors.a.chatkube/echo.runtime');
    assert.equal(problem.severity, 'error');
    assert.equal(problem.message, 'expected one of process, worker, got a string ("thread")');
  });

  it('is the same for every entry of a key: one plugin runs once, in one runtime', () => {
    const file = files.write('conflict.yaml', twoGroups('enabled: true, runtime: worker', 'enabled: true, runtime: process'));
    const problem = problemAt(loadInvalid({ files: [file] }).problems, 'executors.b.chatkube/echo.runtime');
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /^is process, but executors\.a\.chatkube\/echo\.runtime is worker: a plugin runs once/);
    // A disabled entry cannot clash yet: a warning.
    const disabled = files.write(
      'conflict-disabled.yaml',
      twoGroups('enabled: true, runtime: worker', 'enabled: false, runtime: process'),
    );
    const { warnings } = loadConfig({ files: [disabled], env: {} });
    assert.equal(problemAt(warnings, 'executors.b.chatkube/echo.runtime').severity, 'warning');
  });
});

describe('chooseRuntime', () => {
  const ref = { key: 'chatkube/echo', repo: 'chatkube', name: 'echo' };
  const both = { process: { path: '/p' }, worker: { path: '/w' } };

  it('defaults to worker where the plugin has a worker module, to process otherwise', () => {
    assert.equal(chooseRuntime(ref, both), 'worker');
    assert.equal(chooseRuntime(ref, { process: { path: '/p' } }), 'process');
    assert.equal(chooseRuntime({ ...ref, runtime: 'process' }, both), 'process');
  });

  it('says what is missing for the runtime asked for', () => {
    assert.throws(() => chooseRuntime({ ...ref, runtime: 'worker' }, { process: { path: '/p' } }), {
      code: 'CHATKUBE_ERR_PLUGIN_NOT_FOUND',
      message:
        'plugin chatkube/echo has no worker module, which runtime: worker needs: use runtime: process, or leave runtime out',
    });
    assert.throws(() => chooseRuntime({ ...ref, runtime: 'process' }, { worker: { path: '/w' } }), {
      code: 'CHATKUBE_ERR_PLUGIN_NOT_FOUND',
      message: 'plugin chatkube/echo has no executable, which runtime: process needs: use runtime: worker, or leave runtime out',
    });
  });
});

describe('the bundled locator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatkube-bundled-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'worker'));
  writeFileSync(join(dir, pluginExecutableName('executor', 'both')), '');
  writeFileSync(join(dir, pluginWorkerModuleName('executor', 'both')), '');
  writeFileSync(join(dir, pluginExecutableName('executor', 'exe')), '');
  const locate = bundledLocator(dir);
  const ref = (name: string) => ({ key: `chatkube/${name}`, repo: 'chatkube', name });

  it('finds the executable and the worker module of each plugin', async () => {
    assert.deepEqual(await locate('executor', ref('both')), {
      process: { path: join(dir, pluginExecutableName('executor', 'both')) },
      worker: { path: join(dir, 'worker/executor_both.mjs') },
    });
    assert.deepEqual(await locate('executor', ref('exe')), {
      process: { path: join(dir, pluginExecutableName('executor', 'exe')) },
    });
  });

  it('says so when there is neither', async () => {
    await assert.rejects(locate('source', ref('both')), {
      code: 'CHATKUBE_ERR_PLUGIN_NOT_FOUND',
      message: `plugin chatkube/both: there is no bundled source named 'both' in ${dir} (run npm run build)`,
    });
  });
});

describe("a plugin key's RBAC", () => {
  it('makes the plugin impersonated when its entries map a subject, and only then', () => {
    const rbac = 'enabled: true, context: { rbac: { user: { type: Static, static: { value: viewer } } } }';
    const [withRbac] = wanted(files.write('rbac.yaml', twoGroups(rbac, rbac)));
    assert.equal(withRbac?.ref.impersonated, true);
    const [without] = wanted(files.write('no-rbac.yaml', twoGroups('enabled: true', 'enabled: true')));
    assert.equal(without?.ref.impersonated, undefined);
  });
});
