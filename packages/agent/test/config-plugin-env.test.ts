import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../src/config/index.js';
import { configDir, loadInvalid, problemAt } from './config-fixtures.js';

const dir = configDir();
after(dir.cleanup);

const withEnv = (env: string): string =>
  `communications:\n  g:\n    webchat:\n      enabled: true\n      channels:\n        ops: { name: ops, bindings: { executors: [tools] } }\nexecutors:\n  tools:\n    chatkube/echo: { enabled: true, env: ${env} }\n`;

describe('a plugin entry’s env: the agent variables the plugin may see', () => {
  it('is loaded with the entry', () => {
    const { config } = loadConfig({ files: [dir.write('ok.yaml', withEnv('[HTTPS_PROXY, MY_TOKEN]'))], env: {} });
    assert.deepEqual(config.executors[0]?.plugins[0]?.env, ['HTTPS_PROXY', 'MY_TOKEN']);
  });

  it('must hold variable names, each problem at its path', () => {
    const error = loadInvalid({ files: [dir.write('bad.yaml', withEnv('[OK_NAME, "not-a-name"]'))] });
    assert.match(problemAt(error.problems, 'executors.tools.chatkube/echo.env[1]').message, /environment variable name/);
  });
});
