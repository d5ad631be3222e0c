import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { embeddedDefaultConfig, loadConfig, orderConfigFiles } from '../src/config/index.js';
import { configDir, fixture, problemAt, rawAt } from './config-fixtures.js';

const files = configDir();
after(files.cleanup);

describe('loadConfig: the embedded default', () => {
  it('is the web chat with the echo executor and a webhook source, no cluster and no token', () => {
    const { config, warnings } = loadConfig({ files: [], env: {} });
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.communications, [
      {
        name: 'default-group',
        channels: [
          {
            platform: 'webchat',
            group: 'default-group',
            alias: 'general',
            name: 'general',
            notificationsDisabled: false,
            bindings: { executors: ['default-tools'], sources: ['default-webhook'] },
          },
        ],
        sinks: [],
        unsupported: [],
      },
    ]);
    assert.deepEqual(config.executors, [
      {
        name: 'default-tools',
        displayName: 'Default tools',
        plugins: [{ key: 'chatkube/echo', repo: 'chatkube', name: 'echo', enabled: true }],
      },
    ]);
    assert.deepEqual(config.sources, [
      {
        name: 'default-webhook',
        displayName: 'Incoming webhook',
        plugins: [{ key: 'chatkube/webhook', repo: 'chatkube', name: 'webhook', enabled: true }],
      },
    ]);
    assert.deepEqual(config.settings, {
      clusterName: 'local',
      stateDir: '.chatkube',
      log: { level: 'info', format: 'json' },
      server: { host: '127.0.0.1', port: 2115 },
      webchat: {},
      commandTimeoutMs: 300_000,
    });
    assert.deepEqual(config.plugins, {
      cacheDir: '.chatkube/plugins',
      repositories: {},
      incomingWebhook: { enabled: true, inClusterBaseURL: '' },
      restartPolicy: { type: 'DeactivatePlugin', threshold: 10 },
      healthCheckIntervalMs: 10_000,
    });
    assert.deepEqual(config.raw, embeddedDefaultConfig());
  });

  it('gives only its settings to a user configuration, never its channels and groups', () => {
    const file = files.write('settings-only.yaml', 'settings:\n  clusterName: mine\n');
    const { config, warnings } = loadConfig({ files: [file], env: {} });
    assert.deepEqual(config.communications, []);
    assert.deepEqual(config.executors, []);
    assert.equal(config.settings.clusterName, 'mine');
    assert.equal(config.settings.server.port, 2115, 'base defaults lie under the file');
    assert.equal(problemAt(warnings, 'communications').severity, 'warning');
  });

  it('is a fresh copy each time', () => {
    const first = embeddedDefaultConfig();
    (first.settings as Record<string, unknown>).clusterName = 'changed';
    assert.equal((embeddedDefaultConfig().settings as Record<string, unknown>).clusterName, 'local');
  });
});

describe('loadConfig: a Botkube configuration', () => {
  it('loads with only "not supported yet" warnings, one per enabled platform', () => {
    const file = fixture('botkube.yaml');
    const { config, warnings } = loadConfig({ files: [file], env: {} });
    assert.deepEqual(
      warnings.map((warning) => `${warning.file}: ${warning.path}: ${warning.message}`),
      ['socketSlack', 'mattermost', 'discord', 'elasticsearch'].map(
        (platform) => `${file}: communications.default-group.${platform}: not supported yet by chatkube; skipped`,
      ),
    );
    assert.ok(warnings.every((warning) => warning.severity === 'warning' && typeof warning.line === 'number'));
    const group = config.communications.find((candidate) => candidate.name === 'default-group');
    assert.deepEqual(group?.unsupported, ['socketSlack', 'mattermost', 'discord', 'elasticsearch']);
    assert.deepEqual(group?.channels, [], 'platforms not supported yet are skipped');
    assert.deepEqual(group?.sinks, [
      {
        kind: 'webhook',
        group: 'default-group',
        url: 'https://hooks.example.com/botkube',
        sources: ['k8s-err-events', 'k8s-recommendation-events'],
      },
    ]);
    // The disabled pagerDuty sink of the second group is not reported.
    assert.deepEqual(config.communications.find((candidate) => candidate.name === 'secondary-group')?.unsupported, []);
  });

  it('normalises its plugin keys, actions, aliases, settings and repositories', () => {
    const { config } = loadConfig({ files: [fixture('botkube.yaml')], env: {} });
    const tools = config.executors.find((group) => group.name === 'k8s-default-tools');
    assert.deepEqual(
      tools?.plugins.map(({ key, repo, name, version, enabled }) => ({ key, repo, name, version, enabled })),
      [
        { key: 'botkube/kubectl', repo: 'botkube', name: 'kubectl', version: undefined, enabled: true },
        { key: 'botkubeExtra/helm', repo: 'botkubeExtra', name: 'helm', version: undefined, enabled: true },
      ],
    );
    assert.deepEqual(tools?.plugins[0]?.context, {
      rbac: {
        user: { type: '', static: { value: '' }, prefix: '' },
        group: { type: 'Static', static: { values: ['botkube-plugins-default'] }, prefix: '' },
      },
    });
    const prometheus = config.sources.find((group) => group.name === 'prometheus')?.plugins[0];
    assert.deepEqual(
      [prometheus?.repo, prometheus?.name, prometheus?.version, prometheus?.enabled],
      ['botkubeExtra', 'prometheus', 'v1.14.0', false],
    );
    assert.deepEqual(
      config.actions.find((action) => action.name === 'show-logs-on-error'),
      {
        name: 'show-logs-on-error',
        enabled: true,
        displayName: 'Show logs on error',
        command: 'kubectl logs {{ .Event.Kind | lower }}/{{ .Event.Name }} -n {{ .Event.Namespace }}',
        bindings: { executors: ['k8s-default-tools'], sources: ['k8s-err-with-logs-events'] },
      },
    );
    assert.deepEqual(
      config.aliases.map((alias) => `${alias.name}=${alias.command}`),
      ['kc=kubectl', 'k=kubectl', 'h=helm'],
    );
    assert.equal(config.settings.clusterName, 'prod-eu-1');
    assert.equal(config.settings.log.format, 'json', "Botkube's log.formatter is read as log.format");
    assert.equal(config.plugins.cacheDir, '/tmp');
    assert.deepEqual(Object.keys(config.plugins.repositories), ['botkube', 'botkubeExtra']);
    assert.deepEqual(config.plugins.repositories.botkubeExtra?.headers, { Authorization: 'Bearer REPOSITORY-HEADER-TOKEN' });
    assert.equal(config.plugins.incomingWebhook.inClusterBaseURL, 'http://botkube.botkube.svc.cluster.local:2115');
  });

  it('reads its _runtime_state.yaml last, whatever the order given', () => {
    const state = fixture('_runtime_state.yaml');
    const { raw } = loadConfig({ files: [state, fixture('botkube.yaml')], env: {} }).config;
    const channel = ['communications', 'default-group', 'socketSlack', 'channels', 'default'];
    assert.deepEqual(rawAt(raw, ...channel, 'bindings'), { executors: ['k8s-default-tools'], sources: ['k8s-all-events'] });
    assert.equal(rawAt(raw, ...channel, 'name'), 'botkube', 'the state file merges into the channel, it does not replace it');
    assert.equal(rawAt(raw, 'actions', 'show-logs-on-error', 'enabled'), false);
  });
});

describe('loadConfig: chatkube configurations', () => {
  it('normalises chatkube keys: webchat channels, webhook credentials, server, durations', () => {
    const { config, warnings } = loadConfig({ files: [fixture('chatkube.yaml')], env: {} });
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      config.communications[0]?.channels.map((channel) => [
        channel.alias,
        channel.name,
        channel.notificationsDisabled,
        channel.bindings,
      ]),
      [
        ['ops', 'ops', false, { executors: ['tools', 'k8s'], sources: ['alerts', 'github'] }],
        ['quiet', 'quiet', true, { executors: ['tools'], sources: [] }],
      ],
    );
    assert.deepEqual(config.executors[0]?.plugins[0], {
      key: 'chatkube/echo@1.0.0',
      repo: 'chatkube',
      name: 'echo',
      version: '1.0.0',
      enabled: true,
      config: { changeResponseToUpperCase: true },
    });
    assert.deepEqual(config.sources[0]?.webhook, { bearerToken: 'webhook-bearer-7f3a9c' });
    assert.deepEqual(config.sources[1]?.webhook, { hmacSecret: 'github-hmac-2b8e41', hmacHeader: 'X-Hub-Signature-256' });
    assert.deepEqual(config.settings, {
      clusterName: 'staging',
      stateDir: '/var/lib/chatkube',
      log: { level: 'debug', format: 'text' },
      server: { host: '0.0.0.0', port: 8080 },
      webchat: { authToken: 'webchat-auth-token-c0ffee' },
      commandTimeoutMs: 5_400_000,
    });
    assert.equal(config.plugins.cacheDir, '/var/lib/chatkube/plugins', 'the cache lies in the state directory');
    assert.equal(config.plugins.healthCheckIntervalMs, 500);
    assert.deepEqual(config.plugins.restartPolicy, { type: 'RestartAgent', threshold: 3 });
    assert.deepEqual(config.actions[0]?.bindings, { executors: ['tools'], sources: ['alerts'] });
  });

  it('merges files in order: later values win, mappings merge deeply, lists are replaced', () => {
    const base = files.write(
      'base.yaml',
      [
        'communications:',
        '  g:',
        '    webchat:',
        '      enabled: true',
        '      channels:',
        '        ops: { name: ops, bindings: { executors: [a, b], sources: [s] } }',
        'executors:',
        '  a: { chatkube/echo: { enabled: true, config: { upper: true, keep: 1 } } }',
        '  b: { chatkube/echo: { enabled: true } }',
        'sources:',
        '  s: { chatkube/webhook: { enabled: true } }',
        'settings: { clusterName: base, server: { port: 1000 } }',
      ].join('\n'),
    );
    const override = files.write(
      'override.yaml',
      [
        'communications:',
        '  g:',
        '    webchat:',
        '      channels:',
        '        ops: { bindings: { executors: [b] } }',
        'executors:',
        '  a: { chatkube/echo: { config: { upper: false } } }',
        'settings: { clusterName: override }',
      ].join('\n'),
    );
    const state = files.write('_state.yaml', 'settings: { clusterName: state }\n');
    const { config } = loadConfig({ files: [state, base, override], env: {} });
    assert.equal(config.settings.clusterName, 'state', 'the _-file is last');
    assert.equal(config.settings.server.port, 1000, 'keys of earlier files survive');
    assert.deepEqual(config.communications[0]?.channels[0]?.bindings, { executors: ['b'], sources: ['s'] }, 'lists are replaced');
    assert.equal(config.communications[0]?.channels[0]?.name, 'ops');
    assert.deepEqual(config.executors[0]?.plugins[0]?.config, { upper: false, keep: 1 });
    assert.equal(config.executors[0]?.plugins[0]?.enabled, true);
  });

  it('puts the defaults option under the files', () => {
    const file = files.write('port.yaml', 'settings: { server: { port: 3000 } }\n');
    const { config } = loadConfig({
      files: [file],
      env: {},
      defaults: { settings: { clusterName: 'from-defaults', server: { port: 1 } } },
    });
    assert.equal(config.settings.clusterName, 'from-defaults');
    assert.equal(config.settings.server.port, 3000);
    assert.equal(config.settings.server.host, '127.0.0.1');
  });

  it('reads an empty file as no keys, and YAML anchors and merge keys as Botkube does', () => {
    const empty = files.write('empty.yaml', '# nothing yet\n');
    const anchors = files.write(
      'anchors.yaml',
      [
        'x-bindings: &tools { executors: [tools] }',
        'executors: { tools: { chatkube/echo: { enabled: true } } }',
        'communications:',
        '  g:',
        '    webchat:',
        '      enabled: true',
        '      channels:',
        '        one: { bindings: *tools }',
        '        two: { name: second, bindings: { <<: *tools, sources: [] } }',
      ].join('\n'),
    );
    const { config, warnings } = loadConfig({ files: [empty, anchors], env: {} });
    assert.deepEqual(
      config.communications[0]?.channels.map((channel) => [channel.name, channel.bindings.executors]),
      [
        ['one', ['tools']],
        ['second', ['tools']],
      ],
      'a channel without a name is named after its alias',
    );
    assert.equal(problemAt(warnings, 'x-bindings').message, 'unknown key "x-bindings"; ignored (typo?)');
  });

  it('orders _-files last and keeps the given order otherwise', () => {
    assert.deepEqual(orderConfigFiles(['/c/_b.yaml', 'a.yaml', '/x/_a.yaml', 'z/b.yaml', 'dir_/c.yaml']), [
      'a.yaml',
      'z/b.yaml',
      'dir_/c.yaml',
      '/c/_b.yaml',
      '/x/_a.yaml',
    ]);
  });
});
