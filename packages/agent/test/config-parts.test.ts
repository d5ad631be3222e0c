import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath, formatProblems, parseGoDuration, parsePluginKey } from '../src/config/index.js';

describe('parseGoDuration (Go syntax)', () => {
  it('reads what time.ParseDuration reads, in milliseconds', () => {
    for (const [text, ms] of [
      ['10s', 10_000],
      ['5m', 300_000],
      ['1h30m', 5_400_000],
      ['500ms', 500],
      ['1.5h', 5_400_000],
      ['.5s', 500],
      ['2m3.5s', 123_500],
      ['1500us', 1.5],
      ['1500µs', 1.5],
      ['2000000ns', 2],
      ['0', 0],
      ['-2s', -2000],
      ['+3s', 3000],
    ] as const) {
      assert.equal(parseGoDuration(text), ms, text);
    }
  });

  it('refuses what Go refuses', () => {
    for (const text of ['', '10', '5 m', '5min', 'm', '1h-30m', '1d', '.s', 'ten seconds', '5m ']) {
      assert.equal(parseGoDuration(text), undefined, JSON.stringify(text));
    }
  });
});

describe('parsePluginKey', () => {
  it('splits {repo}/{name}[@{version}]', () => {
    assert.deepEqual(parsePluginKey('botkube/kubectl'), { key: 'botkube/kubectl', repo: 'botkube', name: 'kubectl' });
    assert.deepEqual(parsePluginKey('botkubeExtra/helm@v1.14.0'), {
      key: 'botkubeExtra/helm@v1.14.0',
      repo: 'botkubeExtra',
      name: 'helm',
      version: 'v1.14.0',
    });
  });

  it('refuses keys that cannot name a plugin', () => {
    for (const key of ['kubectl', '/kubectl', 'botkube/', 'botkube/kubectl@', 'a/b/c', 'a b/c', 'botkube/kube ctl', 'a/b@1@2']) {
      assert.equal(parsePluginKey(key), undefined, key);
    }
  });
});

describe('formatProblems', () => {
  it('writes one line per problem: file, path, message and line', () => {
    assert.equal(
      formatPath(['communications', 'g', 'webchat', 'channels', 'ops', 'bindings', 'executors', 1]),
      'communications.g.webchat.channels.ops.bindings.executors[1]',
    );
    assert.equal(
      formatProblems([
        { file: 'a.yaml', path: 'settings.server.port', line: 4, column: 5, message: 'expected a port', severity: 'error' },
        { path: 'settings', message: 'from the defaults', severity: 'warning' },
        { file: 'b.yaml', path: '', line: 2, column: 1, message: 'invalid YAML at line 2, column 1: bad', severity: 'error' },
      ]),
      'a.yaml: settings.server.port: expected a port (line 4)\nsettings: from the defaults\nb.yaml: invalid YAML at line 2, column 1: bad',
    );
  });
});
