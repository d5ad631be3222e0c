import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ECHO_BIN, isRunning, ROOT, scratch, script } from '../lib/paths.js';

const dir = scratch();
const CLI = join(ROOT, 'packages/agent/bin/chatkube.js');

function chatkube(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('chatkube plugin …', () => {
  it('exec prints the answer as text', () => {
    assert.deepEqual(chatkube('plugin', 'exec', ECHO_BIN, '--', 'echo', 'hi'), { code: 0, stdout: 'echo hi\n', stderr: '' });
  });

  it('exec --json prints each streamed update as a line of Go-compatible JSON', () => {
    const run = chatkube('plugin', 'exec', ECHO_BIN, '--json', '--', 'echo', '--stream', '2', '--interval-ms', '1', 'hi');
    assert.equal(run.code, 0);
    assert.deepEqual(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).baseBody.codeBlock),
      ['1/2 echo hi', '1/2 echo hi\n2/2 echo hi'],
    );
  });

  it('exec shows streamed text as it grows, and reads --config files in order', () => {
    const upper = join(dir, 'upper.yaml');
    writeFileSync(upper, 'changeResponseToUpperCase: true\n');
    const run = chatkube(
      'plugin',
      'exec',
      ECHO_BIN,
      '--config',
      upper,
      '--',
      'echo',
      '--stream',
      '2',
      '--interval-ms',
      '1',
      'hi',
    );
    assert.equal(run.stdout, '1/2 ECHO HI\n2/2 ECHO HI\n');
  });

  it('help and metadata', () => {
    assert.match(chatkube('plugin', 'help', ECHO_BIN).stdout, /^# Echo\n/);
    const metadata = JSON.parse(chatkube('plugin', 'metadata', ECHO_BIN).stdout);
    assert.equal(metadata.kind, 'executor');
    assert.equal(metadata.version, '0.1.0');
  });

  it('stream prints events from a source', () => {
    const source = script(
      dir,
      'source',
      `exec "${process.execPath}" "${join(ROOT, 'test/dist/lib/bad-plugin.js')}" well-behaved`,
    );
    const run = chatkube('plugin', 'stream', source, '--count', '2', '--json');
    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(events.length, 2);
    assert.equal(events[0].Message.baseBody.plaintext, 'ok');
    assert.equal(JSON.parse(chatkube('plugin', 'metadata', source).stdout).kind, 'executor', 'the fixture serves both contracts');
  });

  it('stops the plugin on Ctrl-C, and exits 130', async () => {
    const pidFile = join(dir, 'source.pid');
    const source = script(
      dir,
      'pid-source',
      `echo $$ > "${pidFile}"\nexec "${process.execPath}" "${join(ROOT, 'test/dist/lib/bad-plugin.js')}" well-behaved`,
    );
    const cli = spawn(process.execPath, [CLI, 'plugin', 'stream', source, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    await once(cli.stdout, 'data');
    const plugin = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(isRunning(plugin), true);
    cli.kill('SIGINT');
    const [code] = await once(cli, 'exit');
    assert.equal(code, 130);
    assert.equal(stderr, 'chatkube: interrupted; the plugin was stopped\n');
    assert.equal(isRunning(plugin), false, 'the plugin is stopped with the CLI');
  });

  it('bench prints one JSON line of figures', () => {
    const run = chatkube('plugin', 'bench', ECHO_BIN, '-n', '50', '--concurrency', '2', '--', 'echo', 'hi');
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(result), ['calls', 'p50_us', 'p99_us', 'calls_per_s']);
    assert.equal(result.calls, 50);
    assert.ok(result.p50_us > 0 && result.p99_us >= result.p50_us && result.calls_per_s > 0);
  });

  it('fails with one line and a non-zero code', () => {
    const failed = chatkube('plugin', 'exec', ECHO_BIN, '--', 'echo', '@fail');
    assert.deepEqual(failed, {
      code: 1,
      stdout: '',
      stderr: 'chatkube: The @fail label was specified. Failing execution. [CHATKUBE_ERR_PLUGIN_CALL]\n',
    });
    const missing = chatkube('plugin', 'exec', join(dir, 'nope'), '--', 'x');
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^chatkube: plugin nope cannot be started from .*: no such file \[CHATKUBE_ERR_PLUGIN_START\]\n$/,
    );
    assert.deepEqual(chatkube('plugin', 'exec', ECHO_BIN), {
      code: 2,
      stdout: '',
      stderr: 'chatkube: give the command after --, for example: -- echo hi\n',
    });
    assert.equal(
      chatkube('plugin', 'frobnicate', ECHO_BIN).stderr,
      'chatkube: unknown plugin command "frobnicate"; see chatkube --help\n',
    );
    assert.equal(
      chatkube('plugin', 'bench', ECHO_BIN, '-n', '0', '--', 'x').stderr,
      'chatkube: -n takes a whole number of at least 1, got "0"\n',
    );
    const badConfig = chatkube('plugin', 'exec', ECHO_BIN, '--config', join(dir, 'absent.yaml'), '--', 'x');
    assert.equal(badConfig.stderr, `chatkube: cannot read config file ${join(dir, 'absent.yaml')}: ENOENT\n`);
  });

  it('--help prints the usage', () => {
    const run = chatkube('--help');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /chatkube plugin exec <bin>/);
  });
});

describe('chatkube template render', () => {
  it('renders a template with data from a JSON or YAML file, as actions do', () => {
    const data = join(dir, 'event.json');
    writeFileSync(data, JSON.stringify({ Event: { Kind: 'Pod', Name: 'nginx', Namespace: 'web' } }));
    const template =
      'kubectl describe {{ .Event.Kind | lower }}{{ if .Event.Namespace }} -n {{ .Event.Namespace }}{{ end }} {{ .Event.Name }}';
    assert.deepEqual(chatkube('template', 'render', '--data', data, template), {
      code: 0,
      stdout: 'kubectl describe pod -n web nginx\n',
      stderr: '',
    });
    const yaml = join(dir, 'event.yaml');
    writeFileSync(yaml, 'Event:\n  Name: api\n');
    assert.equal(chatkube('template', 'render', '--data', yaml, '{{ .Event.Name | upper | quote }}').stdout, '"API"\n');
  });

  it('names where a template is wrong', () => {
    const run = chatkube('template', 'render', '{{ .Event.Name | nosuch }}');
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^chatkube: template: template:1:\d+: function "nosuch" not defined \[CHATKUBE_ERR_TEMPLATE_SYNTAX\]\n$/,
    );
    assert.equal(chatkube('template', 'render').code, 2);
    assert.match(
      chatkube('template', 'render', '--data', join(dir, 'absent.json'), 'x').stderr,
      /cannot read --data .*absent\.json: ENOENT/,
    );
  });
});

describe('chatkube validate', () => {
  it('accepts the embedded default and a valid file', () => {
    assert.deepEqual(chatkube('validate'), { code: 0, stdout: 'the embedded default configuration is valid\n', stderr: '' });
  });

  it('lists every problem with its file and path, and exits 1', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'communications:',
        '  g:',
        '    webchat:',
        '      enabled: true',
        '      channels:',
        '        a: { name: a, bindings: { executors: [nope], sources: [] } }',
        'executors:',
        '  tools:',
        '    not-a-key: { enabled: true }',
        'settings:',
        '  commandTimeout: soon',
        '',
      ].join('\n'),
    );
    const run = chatkube('validate', '--config', file);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(`${file}: communications\\.g\\.webchat\\.channels\\.a\\.bindings\\.executors\\[0\\]: .*nope`),
    );
    assert.match(run.stderr, /executors\.tools\.not-a-key/);
    assert.match(run.stderr, /settings\.commandTimeout/);
  });

  it('refuses a communications group name with a slash', () => {
    const file = join(dir, 'slash.yaml');
    writeFileSync(
      file,
      'communications:\n  "a/b":\n    webchat:\n      enabled: true\n      channels:\n        x: { name: x }\n',
    );
    const run = chatkube('validate', '--config', file);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /communications\.a\/b: a communications group name may not contain "\/"/);
  });
});
