import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { formatProblems, loadConfig } from '../src/config/index.js';
import { configDir, fixture, loadInvalid, problemAt } from './config-fixtures.js';

const files = configDir();
after(files.cleanup);

interface Extra {
  /** Lines under `communications:`, after group `g`. */
  communications?: string[];
  /** Lines under `sources:`, after group `events`. */
  sources?: string[];
  /** Top-level lines. */
  top?: string[];
  /** Channel `ops` of group `g`. */
  channel?: string;
}

/** A web chat group `g` with channel `ops`, executor group `tools` and source group `events`, plus `extra`. */
const withGroups = (extra: Extra = {}) =>
  [
    'communications:',
    '  g:',
    '    webchat:',
    '      enabled: true',
    '      channels:',
    `        ops: ${extra.channel ?? '{ name: ops, bindings: { executors: [tools], sources: [events] } }'}`,
    ...(extra.communications ?? []),
    'executors:',
    '  tools: { chatkube/echo: { enabled: true } }',
    'sources:',
    '  events: { chatkube/webhook: { enabled: true } }',
    ...(extra.sources ?? []),
    ...(extra.top ?? []),
  ].join('\n');

describe('configuration errors', () => {
  it('reports every problem of a file at once, each with file, path, line and message', () => {
    const file = fixture('many-errors.yaml');
    const error = loadInvalid({ files: [file] });
    const expected: [string, number, 'error' | 'warning', string | RegExp][] = [
      [
        'communications.default-group.webchat.channels.ops.bindings.executors[1]',
        10,
        'error',
        'unknown executor group "missing-tools"; expected one of tools',
      ],
      [
        'communications.default-group.webchat.channels.ops.bindings.sources',
        11,
        'error',
        'expected a list of source group names, got a string ("alerts")',
      ],
      [
        'communications.default-group.webchat.channels.ops-again.name',
        13,
        'error',
        /^channel name "OPS" is also used by channels\.ops of the same platform/,
      ],
      [
        'communications.default-group.webchat.channels.ops-again.bindings.executors[0]',
        15,
        'error',
        '"alerts" is a source group, not an executor group',
      ],
      [
        'executors.tools.kubectl',
        19,
        'error',
        /^malformed plugin key "kubectl": expected a plugin key \{repo\}\/\{name\}\[@\{version\}\]/,
      ],
      ['executors.tools.nowhere/helm', 21, 'error', /^unknown plugin repository "nowhere"/],
      ['sources.alerts.chatkube/webhook.enabled', 27, 'error', 'expected true or false, got a string ("yes")'],
      ['aliases.list', 30, 'error', 'would hide the built-in verb "list": choose another alias name'],
      ['aliases.nocommand.command', 34, 'error', 'missing; expected the command the alias stands for, such as kubectl'],
      ['actions.broken.command', 38, 'error', 'missing: an enabled action needs a command to run'],
      ['actions.broken.bindings.sources[0]', 41, 'error', 'unknown source group "nope"; expected one of alerts'],
      ['settings.server.port', 46, 'error', 'expected a port number from 0 to 65535 (0: any free port), got a number (70000)'],
      ['settings.commandTimeout', 47, 'error', 'expected a duration such as 500ms, 10s, 5m or 1h30m, got a string ("5 minutes")'],
      ['plugins.restartPolicy.type', 51, 'error', 'expected one of DeactivatePlugin, RestartAgent, got a string ("Restart")'],
      ['plugins.healthCheckInterval', 52, 'error', 'expected a duration longer than 0, got a string ("0s")'],
      [
        'aliases.x.command',
        33,
        'warning',
        /^starts with "frobnicate", which is neither an executor \(helm\) nor a built-in verb/,
      ],
      ['settings.clusterNme', 44, 'warning', 'unknown key "clusterNme"; ignored (typo? did you mean "clusterName"?)'],
    ];
    for (const [path, line, severity, message] of expected) {
      const problem = problemAt(error.problems, path);
      assert.equal(problem.file, file, path);
      assert.equal(problem.line, line, path);
      assert.equal(problem.severity, severity, path);
      if (typeof message === 'string') assert.equal(problem.message, message, path);
      else assert.match(problem.message, message, path);
    }
    assert.equal(error.problems.filter((problem) => problem.severity === 'error').length, 15);
    // The message lists them all, one per line, errors first.
    const lines = error.message.split('\n');
    assert.equal(lines[0], 'the configuration is not valid (15 errors):');
    assert.equal(
      lines[1],
      `${file}: communications.default-group.webchat.channels.ops.bindings.executors[1]: unknown executor group "missing-tools"; expected one of tools (line 10)`,
    );
    for (const problem of error.problems) assert.ok(lines.includes(formatProblems([problem])), problem.path);
  });

  it('names the file, line and column of a YAML syntax error, and of each one', () => {
    const good = files.write('good.yaml', 'settings: { clusterName: fine }\n');
    const bad = files.write('bad.yaml', 'settings:\n  clusterName: [unclosed\n  server:\n    port: 1\n');
    const duplicate = files.write('duplicate.yaml', 'settings:\n  clusterName: a\n  clusterName: b\n');
    const error = loadInvalid({ files: [good, bad, duplicate] });
    const [syntax, twice] = [error.problems.find((p) => p.file === bad), error.problems.find((p) => p.file === duplicate)];
    assert.equal(syntax?.path, '');
    assert.equal(syntax?.line, 3);
    assert.equal(syntax?.column, 3);
    assert.match(syntax?.message ?? '', /^invalid YAML at line 3, column 3: /);
    assert.equal(twice?.line, 3);
    assert.match(twice?.message ?? '', /^invalid YAML at line 3, column 3: Map keys must be unique/);
    assert.ok(error.problems.every((problem) => problem.file !== good));
    assert.match(error.message, new RegExp(`^${bad.replaceAll('.', '\\.')}: invalid YAML at line 3, column 3: `, 'm'));
  });

  it('says clearly when a file is missing, a directory, or not a mapping', () => {
    const list = files.write('list.yaml', '- settings\n- communications\n');
    const scalar = files.write('scalar.yaml', 'just text\n');
    const missing = `${list}.nope`;
    const directory = files.write('dir-marker', '').replace(/dir-marker$/, '');
    const error = loadInvalid({ files: [missing, directory, list, scalar] });
    const messages = Object.fromEntries(error.problems.map((problem) => [problem.file, problem.message]));
    assert.equal(messages[missing], 'cannot read the configuration file: no such file');
    assert.equal(messages[directory], 'cannot read the configuration file: is a directory, not a file');
    assert.match(messages[list] ?? '', /^expected a mapping of top-level keys .*, got a list$/);
    assert.match(messages[scalar] ?? '', /, got a string \("just text"\)$/);
  });

  it('writes paths with [i] for list items, also for a wrong item type', () => {
    const file = files.write(
      'item.yaml',
      withGroups({ channel: '{ name: ops, bindings: { executors: [tools, 42], sources: [events] } }' }),
    );
    const problem = problemAt(
      loadInvalid({ files: [file] }).problems,
      'communications.g.webchat.channels.ops.bindings.executors[1]',
    );
    assert.equal(problem.message, 'expected an executor group name, got a number (42)');
    assert.equal(problem.line, 6);
  });

  it('explains wrong types in words', () => {
    const file = files.write(
      'types.yaml',
      withGroups({
        top: [
          'settings:',
          '  server: 8080',
          '  log: { level: loud, format: xml }',
          'aliases:',
          '  kc: kubectl',
          'plugins:',
          '  repositories:',
          '    extra: { headers: { X-Token: abc } }',
        ],
      }),
    );
    const { problems } = loadInvalid({ files: [file] });
    assert.equal(problemAt(problems, 'settings.server').message, 'expected server {host, port}, got a number (8080)');
    assert.match(
      problemAt(problems, 'settings.log.level').message,
      /^expected one of trace, debug, info, .*, got a string \("loud"\)$/,
    );
    assert.equal(problemAt(problems, 'settings.log.format').message, 'expected one of json, text, got a string ("xml")');
    assert.equal(problemAt(problems, 'aliases.kc').message, 'expected an alias {command, displayName}, got a string ("kubectl")');
    assert.equal(problemAt(problems, 'plugins.repositories.extra.url').message, 'missing; expected the URL of a plugin index');
  });

  it('never shows a secret in a message', () => {
    const file = files.write('secret.yaml', 'settings:\n  webchat:\n    authToken: 12345678\n');
    const problem = problemAt(loadInvalid({ files: [file] }).problems, 'settings.webchat.authToken');
    assert.equal(problem.message, 'expected a token, got a number');
  });

  it('refuses an open web chat on a non-loopback address, and accepts it with a token', () => {
    const open = files.write('open.yaml', withGroups({ top: ['settings:', '  server: { host: 0.0.0.0 }'] }));
    const problem = problemAt(loadInvalid({ files: [open] }).problems, 'settings.server.host');
    assert.match(problem.message, /^listening on 0\.0\.0\.0 needs settings\.webchat\.authToken/);
    assert.equal(problem.file, open);
    assert.equal(problem.line, 12);
    const closed = files.write(
      'closed.yaml',
      withGroups({ top: ['settings:', '  server: { host: 0.0.0.0 }', '  webchat: { authToken: t0ken }'] }),
    );
    assert.equal(loadConfig({ files: [closed], env: {} }).config.settings.server.host, '0.0.0.0');
    for (const host of ['localhost', '127.0.0.2', '::1', '[::1]']) {
      const local = files.write('local.yaml', withGroups({ top: ['settings:', `  server: { host: "${host}" }`] }));
      assert.equal(loadConfig({ files: [local], env: {} }).config.settings.server.host, host);
    }
  });

  it('reports an unknown repository of a disabled plugin as a warning only', () => {
    const file = files.write('disabled.yaml', withGroups({ sources: ['  more: { elsewhere/tool: { enabled: false } }'] }));
    const { warnings } = loadConfig({ files: [file], env: {} });
    assert.match(problemAt(warnings, 'sources.more.elsewhere/tool').message, /^unknown plugin repository "elsewhere"/);
  });

  it('checks the bindings of disabled actions as warnings, and reports duplicate Discord channel ids', () => {
    const file = files.write(
      'discord.yaml',
      withGroups({
        top: ['actions:', '  later: { enabled: false, command: echo, bindings: { sources: [ghost] } }'],
        communications: [
          '  chat:',
          '    discord:',
          '      enabled: true',
          '      token: t',
          '      channels:',
          '        a: { id: "111", bindings: { sources: [events] } }',
          '        b: { id: "111", bindings: { sources: [events] } }',
        ],
      }),
    );
    const { warnings } = loadConfig({ files: [file], env: {} });
    assert.equal(problemAt(warnings, 'actions.later.bindings.sources[0]').severity, 'warning');
    assert.match(
      problemAt(warnings, 'communications.chat.discord.channels.b.id').message,
      /^channel id "111" is also used by channels\.a/,
    );
    assert.equal(problemAt(warnings, 'communications.chat.discord').message, 'not supported yet by chatkube; skipped');
  });

  it('warns about Slack tokens of the wrong kind without showing them', () => {
    const file = files.write(
      'slack.yaml',
      withGroups({
        communications: [
          '  slack:',
          '    socketSlack:',
          '      enabled: true',
          '      botToken: xapp-swapped-bot-token',
          '      appToken: xoxb-swapped-app-token',
          '      channels: { a: { name: general, bindings: { executors: [nope] } } }',
        ],
      }),
    );
    const { warnings } = loadConfig({ files: [file], env: {} });
    assert.equal(
      problemAt(warnings, 'communications.slack.socketSlack.botToken').message,
      'expected a Slack bot token starting with xoxb-',
    );
    assert.equal(
      problemAt(warnings, 'communications.slack.socketSlack.appToken').message,
      'expected a Slack app-level token starting with xapp-',
    );
    assert.equal(problemAt(warnings, 'communications.slack.socketSlack.channels.a.bindings.executors[0]').severity, 'warning');
    assert.ok(!JSON.stringify(warnings).includes('swapped'));
  });

  it('warns about webhook credentials that cannot work', () => {
    const file = files.write(
      'webhook.yaml',
      withGroups({
        sources: [
          '  open: { webhook: {}, chatkube/webhook: { enabled: true } }',
          '  half: { webhook: { hmacHeader: X-Sig, bearerToken: b }, chatkube/webhook: { enabled: true } }',
        ],
      }),
    );
    const { warnings } = loadConfig({ files: [file], env: {} });
    assert.match(problemAt(warnings, 'sources.open.webhook').message, /every request will be refused/);
    assert.match(problemAt(warnings, 'sources.half.webhook.hmacHeader').message, /without hmacSecret/);
  });

  it("downgrades to warnings what is wrong under Botkube's keys that chatkube does not use", () => {
    const file = files.write(
      'loose.yaml',
      withGroups({
        communications: ['    mattermost: { enabled: false, token: 12, team: [a] }', '    slack: { enabled: true }'],
        top: [
          'settings:',
          '  upgradeNotifier: sometimes',
          '  informersResyncPeriod: soon',
          '  lifecycleServer: { enabled: true }',
          'configWatcher: { remote: { pollInterval: never } }',
          'plugins:',
          '  incomingWebhook: { port: [2115] }',
          '  repositories:',
          '    chatkube: { url: https://example.com/index.yaml }',
        ],
      }),
    );
    const { warnings } = loadConfig({ files: [file], env: {} });
    assert.ok(warnings.every((warning) => warning.severity === 'warning'));
    assert.equal(
      problemAt(warnings, 'communications.g.mattermost.token').message,
      'expected a personal access token, got a number',
    );
    assert.equal(problemAt(warnings, 'communications.g.mattermost.team').message, 'expected the team name, got a list');
    assert.match(
      problemAt(warnings, 'communications.g.slack').message,
      /^the legacy Slack \(RTM\) platform was removed in Botkube v1\.9/,
    );
    assert.equal(problemAt(warnings, 'settings.upgradeNotifier').message, 'expected true or false, got a string ("sometimes")');
    assert.match(problemAt(warnings, 'settings.informersResyncPeriod').message, /^expected a duration/);
    assert.match(problemAt(warnings, 'settings.lifecycleServer').message, /removed in Botkube v1\.9/);
    assert.match(problemAt(warnings, 'configWatcher.remote.pollInterval').message, /^expected a duration/);
    assert.equal(problemAt(warnings, 'plugins.incomingWebhook.port').message, 'expected a port number, got a list');
    assert.match(
      problemAt(warnings, 'plugins.repositories.chatkube').message,
      /repository of the bundled plugins; this entry is ignored/,
    );
  });

  it('warns about an alias named after an executor, which it hides', () => {
    const file = files.write('alias.yaml', withGroups({ top: ['aliases:', '  echo: { command: echo hello }'] }));
    const { warnings } = loadConfig({ files: [file], env: {} });
    assert.equal(problemAt(warnings, 'aliases.echo').message, 'has the name of the executor "echo", which it hides');
  });
});
