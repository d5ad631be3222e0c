import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { envNameToKeys, loadConfig } from '../src/config/index.js';
import { configDir, loadInvalid, problemAt, rawAt } from './config-fixtures.js';

const files = configDir();
after(files.cleanup);

const twoGroups = files.write(
  'two-groups.yaml',
  [
    'communications:',
    '  default-group:',
    '    webchat:',
    '      enabled: true',
    '      channels:',
    '        ops: { name: ops, bindings: { executors: [tools] } }',
    'executors:',
    '  tools: { chatkube/echo: { enabled: true } }',
    '  more-tools: { chatkube/echo: { enabled: true } }',
  ].join('\n'),
);

describe('environment overrides', () => {
  it('splits names as Botkube does: _ nests, __ starts a camelCase word', () => {
    assert.deepEqual(envNameToKeys('SETTINGS_CLUSTER__NAME'), ['settings', 'clusterName']);
    assert.deepEqual(envNameToKeys('PLUGINS_INCOMING__WEBHOOK_IN__CLUSTER__BASE__U__R__L'), [
      'plugins',
      'incomingWebhook',
      'inClusterBaseURL',
    ]);
    assert.deepEqual(envNameToKeys('COMMUNICATIONS_DEFAULT-GROUP_WEBCHAT'), ['communications', 'default-group', 'webchat']);
  });

  it('sets nested keys, with numbers and booleans typed as the schema expects them', () => {
    const { config } = loadConfig({
      files: [],
      env: {
        CHATKUBE_SETTINGS_CLUSTER__NAME: 'from-env',
        CHATKUBE_SETTINGS_SERVER_PORT: '8080',
        CHATKUBE_PLUGINS_INCOMING__WEBHOOK_ENABLED: 'false',
        CHATKUBE_PLUGINS_RESTART__POLICY_THRESHOLD: '3',
        CHATKUBE_SETTINGS_COMMAND__TIMEOUT: '90s',
      },
    });
    assert.equal(config.settings.clusterName, 'from-env');
    assert.equal(config.settings.server.port, 8080);
    assert.equal(config.plugins.incomingWebhook.enabled, false);
    assert.equal(config.plugins.restartPolicy.threshold, 3);
    assert.equal(config.settings.commandTimeoutMs, 90_000);
    assert.equal(rawAt(config.raw, 'settings', 'server', 'port'), 8080, 'typed in the raw document too');
  });

  it('reads booleans as strconv.ParseBool does', () => {
    for (const [value, expected] of [
      ['1', true],
      ['t', true],
      ['TRUE', true],
      ['0', false],
      ['F', false],
      ['False', false],
    ] as const) {
      const { config } = loadConfig({ files: [], env: { CHATKUBE_COMMUNICATIONS_DEFAULT__GROUP_WEBCHAT_ENABLED: value } });
      assert.equal(config.communications[0]?.channels.length, expected ? 1 : 0, `enabled=${value}`);
    }
  });

  it('matches existing keys without case, - and _, and keys the schema knows without __', () => {
    for (const variable of [
      'CHATKUBE_COMMUNICATIONS_DEFAULT-GROUP_WEBCHAT_CHANNELS_OPS_NAME',
      'CHATKUBE_COMMUNICATIONS_DEFAULTGROUP_WEBCHAT_CHANNELS_OPS_NAME',
      'CHATKUBE_COMMUNICATIONS_DEFAULT__GROUP_WEBCHAT_CHANNELS_OPS_NAME',
    ]) {
      const { config } = loadConfig({ files: [twoGroups], env: { [variable]: 'renamed' } });
      assert.deepEqual(Object.keys(config.raw.communications as object), ['default-group'], variable);
      assert.equal(config.communications[0]?.channels[0]?.name, 'renamed', variable);
    }
    const { config } = loadConfig({ files: [], env: { CHATKUBE_SETTINGS_WEBCHAT_AUTHTOKEN: 'secret-from-env' } });
    assert.deepEqual(config.settings.webchat, { authToken: 'secret-from-env' });
  });

  it('turns a comma-separated string into a list where a list is expected', () => {
    const { config } = loadConfig({
      files: [twoGroups],
      env: { 'CHATKUBE_COMMUNICATIONS_DEFAULT-GROUP_WEBCHAT_CHANNELS_OPS_BINDINGS_EXECUTORS': 'tools, more-tools' },
    });
    assert.deepEqual(config.communications[0]?.channels[0]?.bindings.executors, ['tools', 'more-tools']);
  });

  it('reaches plugin entries by their key', () => {
    const { config } = loadConfig({
      files: [],
      env: {
        'CHATKUBE_EXECUTORS_DEFAULT-TOOLS_CHATKUBE/ECHO_ENABLED': 'false',
        'CHATKUBE_EXECUTORS_DEFAULT-TOOLS_CHATKUBE/ECHO_CONFIG_CHANGE__RESPONSE__TO__UPPER__CASE': 'yes',
      },
    });
    const echo = config.executors[0]?.plugins[0];
    assert.equal(echo?.enabled, false);
    assert.deepEqual(echo?.config, { changeResponseToUpperCase: 'yes' }, 'plugin configs have no schema: values stay strings');
  });

  it("reads Botkube's BOTKUBE_ variables; CHATKUBE_ wins over them", () => {
    const both = loadConfig({
      files: [],
      env: { BOTKUBE_SETTINGS_CLUSTER__NAME: 'botkube', CHATKUBE_SETTINGS_CLUSTER__NAME: 'chatkube' },
    });
    assert.equal(both.config.settings.clusterName, 'chatkube');
    const botkubeOnly = loadConfig({
      files: [],
      env: {
        BOTKUBE_SETTINGS_CLUSTER__NAME: 'botkube',
        BOTKUBE_PLUGINS_INCOMING__WEBHOOK_IN__CLUSTER__BASE__U__R__L: 'http://agent.ns.svc:2115',
        BOTKUBE_SETTINGS_METRICS__PORT: '2112',
        BOTKUBE_SETTINGS_LOG_FORMATTER: 'text',
      },
    });
    assert.equal(botkubeOnly.config.settings.clusterName, 'botkube');
    assert.equal(botkubeOnly.config.plugins.incomingWebhook.inClusterBaseURL, 'http://agent.ns.svc:2115');
    assert.equal(botkubeOnly.config.settings.log.format, 'text');
    assert.deepEqual(botkubeOnly.warnings, []);
  });

  it('wins over the files', () => {
    const file = files.write('cluster.yaml', 'settings: { clusterName: from-file }\n');
    const { config } = loadConfig({ files: [file], env: { CHATKUBE_SETTINGS_CLUSTER__NAME: 'from-env' } });
    assert.equal(config.settings.clusterName, 'from-env');
  });

  it('ignores variables that are not configuration: CHATKUBE_LOG_LEVEL, BOTKUBE_CONFIG_PATHS, …', () => {
    const { config, warnings } = loadConfig({
      files: [],
      env: {
        CHATKUBE_LOG_LEVEL: 'trace',
        BOTKUBE_CONFIG_PATHS: '/config/a.yaml,/config/b.yaml',
        CHATKUBE_SOMETHING_ELSE: 'x',
        PATH: '/usr/bin',
        chatkube_settings_cluster__name: 'lower case is not read',
      },
    });
    assert.deepEqual(warnings, []);
    assert.equal(config.settings.log.level, 'info');
    assert.equal(config.settings.clusterName, 'local');
  });

  it('reports a value that cannot be what the schema expects, naming the variable', () => {
    const error = loadInvalid({ files: [], env: { CHATKUBE_SETTINGS_SERVER_PORT: 'eighty' } });
    const problem = problemAt(error.problems, 'settings.server.port');
    assert.equal(problem.file, '$CHATKUBE_SETTINGS_SERVER_PORT');
    assert.match(problem.message, /^expected a port number from 0 to 65535.*, got a string \("eighty"\)$/);
    assert.match(error.message, /^\$CHATKUBE_SETTINGS_SERVER_PORT: settings\.server\.port: expected a port number/m);
  });

  it('warns about a key no schema knows (typo?) and about a variable that reaches into a list', () => {
    const { warnings } = loadConfig({
      files: [twoGroups],
      env: {
        CHATKUBE_SETTINGS_CLUSTERNAM: 'typo',
        'CHATKUBE_COMMUNICATIONS_DEFAULT-GROUP_WEBCHAT_CHANNELS_OPS_BINDINGS_EXECUTORS_0': 'tools',
        CHATKUBE_SETTINGS__: 'x',
      },
    });
    const typo = problemAt(warnings, 'settings.clusternam');
    assert.equal(typo.file, '$CHATKUBE_SETTINGS_CLUSTERNAM');
    assert.equal(typo.message, 'unknown key "clusternam"; ignored (typo? did you mean "clusterName"?)');
    const list = problemAt(warnings, 'communications.default-group.webchat.channels.ops.bindings.executors');
    assert.equal(list.file, '$CHATKUBE_COMMUNICATIONS_DEFAULT-GROUP_WEBCHAT_CHANNELS_OPS_BINDINGS_EXECUTORS_0');
    assert.match(list.message, /is a list: set the whole list with a comma-separated value/);
    assert.equal(warnings.find((warning) => warning.file === '$CHATKUBE_SETTINGS__')?.severity, 'warning');
  });
});
