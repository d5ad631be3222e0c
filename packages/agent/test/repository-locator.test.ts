import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import * as tar from 'tar';
import type { PluginRef } from '../src/config/types.js';
import { silentLogger } from '../src/logging.js';
import { PluginRepositories, type RepositoryLocatorOptions } from '../src/plugins/repository/locator.js';
import type { PluginLocation } from '../src/plugins/runtime.js';
import { TestFileServer } from './fixtures/file-server.js';

const root = mkdtempSync(join(tmpdir(), 'chatkube-locator-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const folder = (): string => {
  const dir = join(root, `d${dirs++}`);
  mkdirSync(dir);
  return dir;
};
const PLATFORM = { os: 'linux', architecture: 'amd64' };
const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
const script = (text: string): Buffer => Buffer.from(`#!/bin/sh\necho ${text}\n`);

function ref(key: string): PluginRef {
  const [repo, rest] = key.split('/') as [string, string];
  const [name, version] = rest.split('@') as [string, string?];
  return { key, repo, name, ...(version ? { version } : {}) };
}

interface Version {
  name?: string;
  version: string;
  url: string;
  checksum?: string;
  dependencies?: Record<string, { url: string; checksum?: string }>;
}

function indexYaml(versions: Version[]): string {
  return `entries:\n${versions
    .map((v) => {
      const deps = Object.entries(v.dependencies ?? {}).map(
        ([name, d]) =>
          `          ${name}:\n            url: ${d.url}\n${d.checksum ? `            checksum: ${d.checksum}\n` : ''}`,
      );
      return `  - name: ${v.name ?? 'echo'}
    type: executor
    description: test
    version: ${v.version}
    urls:
      - url: ${v.url}
${v.checksum ? `        checksum: ${v.checksum}\n` : ''}        platform: { os: linux, architecture: amd64 }
${deps.length > 0 ? `        dependencies:\n${deps.join('')}` : ''}`;
    })
    .join('')}`;
}

/** A repository served over HTTP: `/index.yaml` and the files. */
async function repository(versions: (server: string) => Version[], files: Record<string, Buffer>) {
  const server = await TestFileServer.start();
  server.route('/index.yaml', (_request, response) => response.end(indexYaml(versions(server.url))));
  for (const [path, body] of Object.entries(files)) server.route(path, body);
  return server;
}

/** A locator of downloaded executables: what `PluginRepositories` answers for the process runtime. */
function repositories(url: string, cacheDir: string, extra: Partial<RepositoryLocatorOptions> = {}) {
  const inner = new PluginRepositories({
    repositories: { repo: { url, headers: { 'x-token': 'abc' } } },
    cacheDir,
    logger: silentLogger,
    platform: PLATFORM,
    download: { backoffMs: 1, attempts: 2, idleTimeoutMs: 2000 },
    ...extra,
  });
  return {
    async locate(kind: 'executor' | 'source', key: PluginRef): Promise<PluginLocation> {
      const located = await inner.locate(kind, key);
      assert.ok(located.process, 'a located plugin has an executable');
      return located.process;
    },
  };
}

const V1 = script('one');
const V2 = script('two');
const echoVersions = (base: string): Version[] => [
  { version: '1.0.0', url: `${base}/echo-1.0.0`, checksum: sha256(V1) },
  { version: 'v1.1.0', url: `${base}/echo-1.1.0`, checksum: sha256(V2) },
];

describe('the repository locator', () => {
  it('downloads the latest version into {cacheDir}/{repo}/{type}_{name}_{version}, executable, with its dependency folder', async () => {
    const server = await repository(echoVersions, { '/echo-1.0.0': V1, '/echo-1.1.0': V2 });
    const cacheDir = folder();
    const location = await repositories(`${server.url}/index.yaml`, cacheDir).locate('executor', ref('repo/echo'));
    const path = join(cacheDir, 'repo', 'executor_echo_v1.1.0');
    assert.deepEqual(location, { path, env: { PLUGIN_DEPENDENCY_DIR: `${path}_deps` } });
    assert.deepEqual(readFileSync(path), V2);
    assert.equal(statSync(path).mode & 0o777, 0o755);
    assert.ok(statSync(`${path}_deps`).isDirectory());
    assert.equal(JSON.parse(readFileSync(`${path}.verified.json`, 'utf8')).executable.sha256, sha256(V2));
    assert.ok(readFileSync(join(cacheDir, 'repo.yaml'), 'utf8').includes('name: echo'));
    assert.equal(server.count('/echo-1.0.0'), 0);
    assert.equal(server.requests.find((r) => r.path === '/echo-1.1.0')?.headers['x-token'], 'abc');
    assert.equal(server.requests.find((r) => r.path === '/index.yaml')?.headers['x-token'], 'abc');
  });

  it('downloads exactly the pinned version', async () => {
    const server = await repository(echoVersions, { '/echo-1.0.0': V1, '/echo-1.1.0': V2 });
    const location = await repositories(`${server.url}/index.yaml`, folder()).locate('executor', ref('repo/echo@1.0.0'));
    assert.deepEqual(readFileSync(location.path), V1);
    assert.equal(server.count('/echo-1.0.0'), 1);
    assert.equal(server.count('/echo-1.1.0'), 0);
  });

  it('never downloads a cached, verified plugin again (nor the cached index), but does a changed one', async () => {
    const server = await repository(echoVersions, { '/echo-1.0.0': V1, '/echo-1.1.0': V2 });
    const cacheDir = folder();
    const url = `${server.url}/index.yaml`;
    const first = await repositories(url, cacheDir).locate('executor', ref('repo/echo'));
    for (let i = 0; i < 2; i++) assert.deepEqual(await repositories(url, cacheDir).locate('executor', ref('repo/echo')), first);
    assert.equal(server.count('/echo-1.1.0'), 1);
    assert.equal(server.count('/index.yaml'), 1);
    writeFileSync(first.path, 'tampered');
    await repositories(url, cacheDir).locate('executor', ref('repo/echo'));
    assert.deepEqual(readFileSync(first.path), V2);
    assert.equal(server.count('/echo-1.1.0'), 2);
  });

  it('downloads one version once when two keys name it at the same time', async () => {
    const server = await repository(echoVersions, { '/echo-1.0.0': V1, '/echo-1.1.0': V2 });
    const locator = repositories(`${server.url}/index.yaml`, folder());
    const [a, b] = await Promise.all([
      locator.locate('executor', ref('repo/echo')),
      locator.locate('executor', ref('repo/echo@v1.1.0')),
    ]);
    assert.deepEqual(a, b);
    assert.equal(server.count('/echo-1.1.0'), 1);
  });

  it('fetches the index again, once, when a plugin is missing from the cached copy', async () => {
    let versions = (base: string): Version[] => echoVersions(base).slice(0, 1);
    const server = await repository((base) => versions(base), { '/echo-1.0.0': V1, '/new': script('new') });
    const cacheDir = folder();
    const url = `${server.url}/index.yaml`;
    await repositories(url, cacheDir).locate('executor', ref('repo/echo'));
    versions = (base) => [...echoVersions(base).slice(0, 1), { name: 'new', version: '0.1.0', url: `${base}/new` }];
    const locator = repositories(url, cacheDir);
    await locator.locate('executor', ref('repo/echo'));
    assert.equal(server.count('/index.yaml'), 1);
    assert.deepEqual(readFileSync((await locator.locate('executor', ref('repo/new'))).path), script('new'));
    assert.equal(server.count('/index.yaml'), 2);
    await assert.rejects(locator.locate('executor', ref('repo/ghost')), {
      code: 'CHATKUBE_ERR_PLUGIN_NOT_FOUND',
      message: /has no executor named 'ghost'; it has executors: echo \(1\.0\.0\), new \(0\.1\.0\)$/,
    });
    await assert.rejects(locator.locate('executor', ref('repo/echo@9.9.9')), {
      message: /has no version 9\.9\.9 of executor 'echo'; it has 1\.0\.0$/,
    });
    assert.equal(server.count('/index.yaml'), 2);
  });

  it('does not fetch an index it just fetched again for a missing plugin', async () => {
    const server = await repository(echoVersions, {});
    await assert.rejects(repositories(`${server.url}/index.yaml`, folder()).locate('executor', ref('repo/ghost')), {
      code: 'CHATKUBE_ERR_PLUGIN_NOT_FOUND',
    });
    assert.equal(server.count('/index.yaml'), 1);
  });

  it('uses the good entries of an index with a broken one, and names the broken one', async () => {
    const server = await TestFileServer.start();
    const good = indexYaml(echoVersions(server.url));
    server.route(
      '/index.yaml',
      `${good}  - name: broken\n    type: executor\n    version: 1.0.0\n    urls:\n      - url: ${server.url}/b\n        checksum: nothex\n        platform: { os: linux, architecture: amd64 }\n`,
    );
    server.route('/echo-1.1.0', V2);
    const locator = repositories(`${server.url}/index.yaml`, folder());
    assert.deepEqual(readFileSync((await locator.locate('executor', ref('repo/echo'))).path), V2);
    await assert.rejects(locator.locate('executor', ref('repo/broken')), {
      message: /left out because they are invalid: entries\[2\]\.urls\[0\]\.checksum: not a hex checksum: "nothex"/,
    });
  });

  it('reads a file:// index where it is, with relative file URLs', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'echo-1.1.0'), V2);
    writeFileSync(join(dir, 'index.yaml'), indexYaml([{ version: '1.1.0', url: 'echo-1.1.0', checksum: sha256(V2) }]));
    const cacheDir = folder();
    const location = await repositories(pathToFileURL(join(dir, 'index.yaml')).href, cacheDir).locate(
      'executor',
      ref('repo/echo'),
    );
    assert.deepEqual(readFileSync(location.path), V2);
    assert.equal(existsSync(join(cacheDir, 'repo.yaml')), false);
  });

  it("installs dependencies into <binary>_deps, from an archive's subpath, verified", async () => {
    const source = folder();
    mkdirSync(join(source, 'tool-1.0'));
    writeFileSync(join(source, 'tool-1.0/tool'), script('tool'), { mode: 0o755 });
    writeFileSync(join(source, 'tool-1.0/README'), 'docs');
    const archive = join(source, 'tool.tar.gz');
    await tar.c({ gzip: true, file: archive, cwd: source }, ['tool-1.0']);
    const bytes = readFileSync(archive);
    const helper = script('helper');
    const server = await repository(
      (base) => [
        {
          version: '1.0.0',
          url: `${base}/echo`,
          dependencies: {
            tool: { url: `${base}/tool.tar.gz//tool-1.0/tool`, checksum: sha256(bytes) },
            helper: { url: `${base}/helper` },
          },
        },
        {
          name: 'bad',
          version: '1.0.0',
          url: `${base}/echo`,
          dependencies: { tool: { url: `${base}/tool.tar.gz//tool-1.0`, checksum: 'e'.repeat(64) } },
        },
      ],
      { '/echo': V1, '/tool.tar.gz': bytes, '/helper': helper },
    );
    const cacheDir = folder();
    const locator = repositories(`${server.url}/index.yaml`, cacheDir);
    const location = await locator.locate('executor', ref('repo/echo'));
    const deps = location.env?.PLUGIN_DEPENDENCY_DIR as string;
    assert.deepEqual(readdirSync(deps).sort(), ['helper', 'tool']);
    assert.deepEqual(readFileSync(join(deps, 'tool')), script('tool'));
    assert.equal(statSync(join(deps, 'helper')).mode & 0o777, 0o755);
    await assert.rejects(locator.locate('executor', ref('repo/bad')), { code: 'CHATKUBE_ERR_PLUGIN_CHECKSUM' });
    assert.equal(existsSync(join(cacheDir, 'repo', 'executor_bad_1.0.0.verified.json')), false);
    assert.deepEqual(readdirSync(join(cacheDir, 'repo', 'executor_bad_1.0.0_deps')), []);
  });

  it('tries an index that failed again at the next call', async () => {
    let up = false;
    const server = (await TestFileServer.start()).route('/index.yaml', (_request, response) => {
      if (!up) response.writeHead(404).end();
      else response.end(indexYaml(echoVersions(server.url)));
    });
    server.route('/echo-1.1.0', V2);
    const locator = repositories(`${server.url}/index.yaml`, folder());
    await assert.rejects(locator.locate('executor', ref('repo/echo')), {
      code: 'CHATKUBE_ERR_PLUGIN_INDEX',
      message: /^the plugin index of repository 'repo' cannot be fetched: .*answered HTTP 404/,
    });
    up = true;
    assert.deepEqual(readFileSync((await locator.locate('executor', ref('repo/echo'))).path), V2);
  });

  it('warns that header values are sent as written, not rendered as Go templates', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    repositories('http://127.0.0.1:1/index.yaml', folder(), {
      logger,
      repositories: { cloud: { url: 'http://127.0.0.1:1/i.yaml', headers: { Authorization: 'Bearer {{ .Remote.APIKey }}' } } },
    });
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0] as string);
    assert.deepEqual([line.repository, line.header], ['cloud', 'Authorization']);
    assert.match(line.msg, /looks like a Go template; chatkube sends header values as written/);
    assert.equal(lines[0]?.includes('APIKey'), false);
  });

  it('names the repositories there are for an unknown one, and serves the bundled ones', async () => {
    const bundled = folder();
    writeFileSync(join(bundled, 'executor_echo_linux_amd64'), V1, { mode: 0o755 });
    const locator = repositories('http://127.0.0.1:1/index.yaml', folder(), { bundledPluginsDir: bundled });
    await assert.rejects(locator.locate('executor', ref('other/echo')), {
      code: 'CHATKUBE_ERR_PLUGIN_NOT_FOUND',
      message: "plugin other/echo: there is no repository 'other' in plugins.repositories (it has repo)",
    });
    if (process.platform === 'linux' && process.arch === 'x64')
      assert.deepEqual(await locator.locate('executor', ref('chatkube/echo')), {
        path: join(bundled, 'executor_echo_linux_amd64'),
      });
  });
});
