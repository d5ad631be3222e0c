import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginIndexError, PluginNotFoundError } from '../src/errors.js';
import { parseIndex } from '../src/plugins/repository/index-parse.js';
import { resolveEntry, selectUrl } from '../src/plugins/repository/resolve.js';

const SOURCE = 'https://plugins.example.com/botkube.yaml';
const SHA = 'a'.repeat(64);

/** An index as Botkube's builder writes it (JSON schema as text, `recommended`, dependencies). */
const BOTKUBE_INDEX = `entries:
  - name: kubectl
    type: executor
    description: Runs kubectl commands.
    version: v1.14.0
    urls:
      - url: https://github.com/kubeshop/botkube/releases/download/v1.14.0/executor_kubectl_linux_amd64.tar.gz
        checksum: ${SHA}
        platform:
          os: linux
          architecture: amd64
        dependencies:
          kubectl:
            url: https://dl.k8s.io/release/v1.28.1/bin/linux/amd64/kubectl
      - url: https://github.com/kubeshop/botkube/releases/download/v1.14.0/executor_kubectl_darwin_arm64.tar.gz
        checksum: ${SHA}
        platform:
          os: darwin
          architecture: arm64
    jsonSchema:
      value: |-
        {
          "$schema": "http://json-schema.org/draft-04/schema#",
          "type": "object"
        }
    recommended: true
  - name: kubernetes
    type: source
    description: Watches Kubernetes.
    version: v1.14.0
    urls:
      - url: https://example.com/source_kubernetes_linux_amd64.tar.gz
        checksum: ${SHA}
        platform: { os: linux, architecture: amd64 }
    jsonSchema: {}
    externalRequest:
      payload:
        jsonSchema:
          refURL: https://example.com/schema.json
    recommended: false
`;

function entry(name: string, version: string, extra = ''): string {
  return `  - name: ${name}
    type: executor
    version: ${version}
    urls:
      - url: https://example.com/${name}_${version}
        platform: { os: linux, architecture: amd64 }
${extra}`;
}

describe('reading a plugin index', () => {
  it("reads Botkube's format: schemas as text, dependencies, external requests", () => {
    const index = parseIndex(BOTKUBE_INDEX, SOURCE);
    assert.deepEqual(index.problems, []);
    assert.equal(index.entries.length, 2);
    const [kubectl, kubernetes] = index.entries;
    assert.equal(kubectl?.recommended, true);
    assert.deepEqual(kubectl?.urls[0]?.dependencies, {
      kubectl: { url: 'https://dl.k8s.io/release/v1.28.1/bin/linux/amd64/kubectl' },
    });
    assert.match(String(kubectl?.jsonSchema?.value), /"type": "object"/);
    assert.equal(kubernetes?.jsonSchema, undefined);
    assert.deepEqual(kubernetes?.externalRequest, { payload: { jsonSchema: { refURL: 'https://example.com/schema.json' } } });
  });

  it('leaves a bad entry out, naming the path of each problem, and keeps the others', () => {
    const text = `entries:\n${entry('a', '1.0.0')}${entry('b', '1.0.0', '')}`.replace(
      'url: https://example.com/b_1.0.0',
      'url: https://example.com/b_1.0.0\n        checksum: xyz',
    );
    const bad = `${text}  - name: c\n    type: plugin\n    version: one\n    urls: []\n`;
    const index = parseIndex(bad, SOURCE);
    assert.deepEqual(
      index.entries.map((e) => e.name),
      ['a'],
    );
    assert.deepEqual(
      index.problems.map((p) => p.path),
      ['entries[1].urls[0].checksum', 'entries[2].type', 'entries[2].version', 'entries[2].urls'],
    );
    assert.match(index.problems[0]?.message ?? '', /not a hex checksum: "xyz"/);
    assert.deepEqual(index.problems[0]?.entry, { index: 1, name: 'b' });
  });

  it('checks checksums, platforms, URLs, dependency URLs and names safe as file names', () => {
    const index = parseIndex(
      `entries:
  - name: ../evil
    type: executor
    version: 1.0.0
    urls:
      - url: ftp://example.com/x
        checksum: sha1:${'b'.repeat(64)}
        dependencies:
          tool: {}
`,
      SOURCE,
    );
    assert.deepEqual(
      index.problems.map((p) => `${p.path}: ${p.message}`),
      [
        'entries[0].name: "../evil" is not a plugin name: use letters, digits, ., _ and -',
        'entries[0].urls[0].url: unsupported URL scheme ftp: in "ftp://example.com/x": expected https, http or file',
        'entries[0].urls[0].checksum: a sha1 checksum has 40 hex digits, this one 64',
        'entries[0].urls[0].platform: missing: a URL needs its platform {os, architecture}',
        'entries[0].urls[0].dependencies.tool.url: missing: it must be a non-empty string',
      ],
    );
  });

  it('refuses file:// URLs in an index that is not itself a file', () => {
    const text = `entries:\n${entry('a', '1.0.0')}`.replace('https://example.com/a_1.0.0', 'file:///etc/shadow');
    assert.equal(parseIndex(text, 'file:///srv/index.yaml').problems.length, 0);
    assert.deepEqual(
      parseIndex(text, SOURCE).problems.map((p) => `${p.path}: ${p.message}`),
      [
        'entries[0].urls[0].url: "file:///etc/shadow" is a local file, and this index is not: only a file:// index may name file:// URLs',
      ],
    );
  });

  it('reports a duplicate version (v prefix or not) as conflicting with the first', () => {
    const index = parseIndex(`entries:\n${entry('a', '1.0.0')}${entry('a', 'v1.0.0')}`, SOURCE);
    assert.equal(index.entries.length, 1);
    assert.equal(index.problems[0]?.path, 'entries[1]');
    assert.match(index.problems[0]?.message ?? '', /listed already, as entries\[0\]/);
  });

  it('refuses a file that is not YAML, or has no entries', () => {
    assert.throws(
      () => parseIndex('entries: [', SOURCE),
      (error: unknown) => {
        assert.ok(error instanceof PluginIndexError);
        assert.match(error.message, /^the plugin index https:\/\/plugins\.example\.com\/botkube\.yaml is not valid YAML/);
        return true;
      },
    );
    assert.throws(() => parseIndex('<html>Not found</html>', SOURCE), {
      code: 'CHATKUBE_ERR_PLUGIN_INDEX',
      message: /has no "entries" list/,
    });
  });
});

describe('resolving a plugin key', () => {
  const index = parseIndex(
    `entries:\n${entry('echo', 'v1.2.0')}${entry('echo', '1.10.0')}${entry('echo', '1.9.3')}${entry('helm', '0.1.0')}`,
    SOURCE,
  );
  const ref = (key: string) => {
    const [repo, rest] = key.split('/') as [string, string];
    const [name, version] = rest.split('@') as [string, string?];
    return { key, repo, name, ...(version ? { version } : {}) };
  };

  it('takes the highest SemVer without a version, v prefix or not', () => {
    assert.equal(resolveEntry(index, 'executor', ref('repo/echo')).version, '1.10.0');
  });

  it('takes exactly the pinned version, with or without v', () => {
    assert.equal(resolveEntry(index, 'executor', ref('repo/echo@1.2.0')).version, 'v1.2.0');
    assert.equal(resolveEntry(index, 'executor', ref('repo/echo@v1.9.3')).version, '1.9.3');
  });

  it('says what the index has for an unknown version or name', () => {
    assert.throws(
      () => resolveEntry(index, 'executor', ref('repo/echo@2.0.0')),
      (error: unknown) => {
        assert.ok(error instanceof PluginNotFoundError);
        assert.equal(
          error.message,
          `plugin repo/echo@2.0.0: the index of repository 'repo' (${SOURCE}) has no version 2.0.0 of executor 'echo'; it has 1.10.0, 1.9.3, v1.2.0`,
        );
        return true;
      },
    );
    assert.throws(() => resolveEntry(index, 'executor', ref('repo/kubectl')), {
      message: /has no executor named 'kubectl'; it has executors: echo \(1\.10\.0, 1\.9\.3, v1\.2\.0\), helm \(0\.1\.0\)$/,
    });
    assert.throws(() => resolveEntry(index, 'source', ref('repo/echo')), { message: /it has no sources$/ });
  });

  it('names the invalid entries of the name asked for', () => {
    const broken = parseIndex(`entries:\n${entry('x', '1.0.0')}`.replace('os: linux', 'os: 7'), SOURCE);
    assert.throws(() => resolveEntry(broken, 'executor', ref('repo/x')), {
      message: /left out because they are invalid: entries\[0\]\.urls\[0\]\.platform\.os: must be a string, not number 7/,
    });
  });

  it("picks this platform's file, or lists the platforms there are", () => {
    const [kubectl] = parseIndex(BOTKUBE_INDEX, SOURCE).entries;
    assert.ok(kubectl);
    assert.equal(selectUrl(kubectl, { os: 'darwin', architecture: 'arm64' }, 'k').platform.os, 'darwin');
    assert.throws(() => selectUrl(kubectl, { os: 'windows', architecture: 'amd64' }, 'botkube/kubectl'), {
      code: 'CHATKUBE_ERR_PLUGIN_NOT_FOUND',
      message:
        'plugin botkube/kubectl: executor kubectl v1.14.0 has no file for windows/amd64, only for linux/amd64, darwin/arm64',
    });
  });
});
