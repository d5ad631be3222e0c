/**
 * Plugin repositories end to end: real plugin executables (the TypeScript
 * echo, the Go echo built with go-plugin) served over HTTP as raw files and
 * in archives, downloaded by the locator, started and asked to echo; and
 * the `chatkube plugins index build` / `serve` tools, whose repository the
 * locator downloads from.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  createLogger,
  GO_ARCH_NAME,
  GO_OS,
  GrpcExecutorClient,
  type PluginLocation,
  type PluginRef,
  PluginRepositories,
} from 'chatkube';
import { parse } from 'yaml';
import { connect } from '../lib/host.js';
import { ECHO_BIN, goBin, ROOT, scratch, script } from '../lib/paths.js';

const CLI = join(ROOT, 'packages/agent/bin/chatkube.js');
const PLATFORM = `${GO_OS}_${GO_ARCH_NAME}`;
const work = scratch();
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const hasZip = spawnSync('zip', ['-v']).status === 0;

function ref(key: string): PluginRef {
  const [repo, rest] = key.split('/') as [string, string];
  const [name, version] = rest.split('@') as [string, string?];
  return { key, repo, name, ...(version ? { version } : {}) };
}

/** Serves the files of `dir` at `/<name>` and `index` at `/index.yaml`, counting requests. */
async function serveFolder(dir: string, index: (base: string) => string) {
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (path === '/index.yaml') return void response.end(index(base));
    try {
      response.end(readFileSync(join(dir, path.slice(1))));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  after(() => new Promise((resolve) => server.close(resolve)));
  return { base, count: (path: string) => counts.get(path) ?? 0 };
}

/** Downloaded plugins' executables: what the repositories answer for the process runtime. */
function locator(indexUrl: string, cacheDir = join(work, `cache-${Math.random()}`)) {
  const repositories = new PluginRepositories({
    repositories: { test: { url: indexUrl, headers: {} } },
    cacheDir,
    logger: createLogger('silent'),
  });
  return {
    async locate(kind: 'executor' | 'source', key: ReturnType<typeof ref>): Promise<PluginLocation> {
      const located = await repositories.locate(kind, key);
      assert.ok(located.process, 'a downloaded plugin has an executable');
      return located.process;
    },
  };
}

/** Starts the located plugin as the supervisor would, and returns its answer to `echo hi` and its version. */
async function run(location: PluginLocation): Promise<{ text: string | undefined; version: string; environ: string }> {
  const connection = await connect(location.path, { ...(location.env ? { env: location.env } : {}) });
  const client = new GrpcExecutorClient(connection);
  const answer = await client.executeOnce({ command: 'echo hi' });
  const environ = readFileSync(`/proc/${connection.process.pid}/environ`, 'utf8');
  const { version } = await client.metadata();
  await connection.close();
  return { text: answer.message.baseBody?.codeBlock, version, environ };
}

const entry = (name: string, version: string, url: string, checksum: string, extra = '') => `  - name: ${name}
    type: executor
    description: e2e
    version: ${version}
    urls:
      - url: ${url}
        checksum: ${checksum}
        platform: { os: ${GO_OS}, architecture: ${GO_ARCH_NAME} }
${extra}`;

describe('downloading real plugins from a repository', () => {
  const files = join(work, 'files');
  mkdirSync(files);
  copyFileSync(ECHO_BIN, join(files, 'ts-echo'));
  mkdirSync(join(files, 'pkg'));
  copyFileSync(goBin('go-echo-executor'), join(files, 'pkg', `executor_goecho_${PLATFORM}`));
  writeFileSync(join(files, 'pkg', 'README.md'), 'the Go echo');
  const tarball = join(files, 'goecho.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', join(files, 'pkg'), 'README.md', `executor_goecho_${PLATFORM}`]);
  script(files, 'helper', 'echo helper');
  if (hasZip) execFileSync('zip', ['-q', '-j', join(files, 'echo.zip'), join(files, 'ts-echo')]);

  it('downloads the TypeScript and the Go echo (raw, .tar.gz, .zip), verified, and runs them', async () => {
    const server = await serveFolder(files, (base) =>
      [
        'entries:',
        entry('echo', '0.1.0', `${base}/ts-echo`, sha256(join(files, 'ts-echo'))),
        entry('echo', 'v0.2.0', `${base}/goecho.tar.gz`, sha256(tarball)),
        hasZip ? entry('zipped', '1.0.0', `${base}/echo.zip`, sha256(join(files, 'echo.zip'))) : '',
      ].join('\n'),
    );
    const repositories = locator(`${server.base}/index.yaml`);
    const latest = await run(await repositories.locate('executor', ref('test/echo')));
    assert.deepEqual([latest.text, latest.version], ['echo hi', 'v0.1.0-go']);
    const pinned = await run(await repositories.locate('executor', ref('test/echo@0.1.0')));
    assert.deepEqual([pinned.text, pinned.version], ['echo hi', '0.1.0']);
    if (hasZip) assert.equal((await run(await repositories.locate('executor', ref('test/zipped')))).text, 'echo hi');
    assert.equal(server.count('/ts-echo'), 1);
    assert.equal(server.count('/goecho.tar.gz'), 1);
  });

  it("gives the plugin its dependencies' folder in PLUGIN_DEPENDENCY_DIR", async () => {
    const server = await serveFolder(files, (base) =>
      [
        'entries:',
        entry(
          'echo',
          '0.1.0',
          `${base}/ts-echo`,
          sha256(join(files, 'ts-echo')),
          `        dependencies:\n          helper:\n            url: ${base}/helper\n            checksum: ${sha256(join(files, 'helper'))}\n          readme:\n            url: ${base}/goecho.tar.gz//README.md\n`,
        ),
      ].join('\n'),
    );
    const location = await locator(`${server.base}/index.yaml`).locate('executor', ref('test/echo'));
    const dependencies = location.env?.PLUGIN_DEPENDENCY_DIR;
    assert.equal(dependencies, `${location.path}_deps`);
    assert.deepEqual(readdirSync(dependencies).sort(), ['helper', 'readme']);
    assert.equal(readFileSync(join(dependencies, 'readme'), 'utf8'), 'the Go echo');
    const { text, environ } = await run(location);
    assert.equal(text, 'echo hi');
    assert.ok(
      environ.split('\0').includes(`PLUGIN_DEPENDENCY_DIR=${dependencies}`),
      'the plugin process has PLUGIN_DEPENDENCY_DIR',
    );
  });
});

function chatkube(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('chatkube plugins index build and serve', () => {
  const dist = join(work, 'plugin-dist');
  mkdirSync(dist);
  copyFileSync(ECHO_BIN, join(dist, `executor_echo_${PLATFORM}`));
  const other = GO_OS === 'darwin' ? 'linux_amd64' : 'darwin_arm64';
  writeFileSync(join(dist, `executor_echo_${other}.zip`), 'not started: another platform');
  const goDir = join(work, 'go-pkg');
  mkdirSync(goDir);
  copyFileSync(goBin('go-echo-executor'), join(goDir, 'go-echo'));
  execFileSync('tar', ['-czf', join(dist, `executor_goecho_${PLATFORM}.tar.gz`), '-C', goDir, 'go-echo']);
  const metadataPlugin = join(ROOT, 'test/dist/lib/metadata-plugin.js');
  script(dist, `executor_deps_${PLATFORM}`, `exec "${process.execPath}" "${metadataPlugin}" deps`);
  writeFileSync(join(dist, 'README.md'), 'not a plugin');

  it('builds the index of a folder: metadata from each plugin, SHA-256s, platforms, dependencies', () => {
    const output = join(work, 'plugins-index.yaml');
    const run = chatkube(
      'plugins',
      'index',
      'build',
      '--binaries-path',
      dist,
      '--url-base-path',
      'https://dl.example.com/v1/',
      '--output',
      output,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^wrote .*plugins-index\.yaml: 3 plugins\n/);
    assert.match(run.stderr, /^ignored README\.md: /m);
    const { entries } = parse(readFileSync(output, 'utf8'));
    assert.deepEqual(
      entries.map((e: { name: string; version: string }) => `${e.name} ${e.version}`),
      ['deps 2.0.0', 'echo 0.1.0', 'goecho v0.1.0-go'],
    );
    const [deps, echo, goecho] = entries;
    assert.deepEqual(
      deps.urls[0].dependencies,
      GO_OS === 'linux' ? { tool: { url: 'https://example.com/tool-linux.tar.gz//tool' } } : undefined,
    );
    assert.equal(deps.documentationUrl, 'https://example.com/docs');
    assert.equal(deps.recommended, true);
    assert.deepEqual(
      echo.urls.map((u: { url: string; checksum: string; platform: { os: string; architecture: string } }) => [
        u.url,
        u.checksum,
        `${u.platform.os}_${u.platform.architecture}`,
      ]),
      [
        [`https://dl.example.com/v1/executor_echo_${other}.zip`, sha256(join(dist, `executor_echo_${other}.zip`)), other],
        [`https://dl.example.com/v1/executor_echo_${PLATFORM}`, sha256(join(dist, `executor_echo_${PLATFORM}`)), PLATFORM],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.equal(JSON.parse(echo.jsonSchema.value).title, 'echo');
    assert.equal(goecho.urls[0].url, `https://dl.example.com/v1/executor_goecho_${PLATFORM}.tar.gz`);
  });

  it('refuses a folder with an invalid schema or no file for this platform, naming each plugin', () => {
    const bad = join(work, 'bad-dist');
    mkdirSync(bad);
    script(bad, `executor_bad_${PLATFORM}`, `exec "${process.execPath}" "${metadataPlugin}" bad-schema`);
    writeFileSync(join(bad, `executor_elsewhere_${other}`), 'x');
    const run = chatkube(
      'plugins',
      'index',
      'build',
      '--binaries-path',
      bad,
      '--url-base-path',
      'https://x',
      '--output',
      join(work, 'bad.yaml'),
    );
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /cannot build the plugin index of .*bad-dist: \| {3}- executor\/bad: its jsonSchema is not valid: \/type must be equal to one of the allowed values/,
    );
    assert.match(
      run.stderr,
      /- executor\/elsewhere: there is no file for .* to read the plugin's metadata from \(it has executor_elsewhere_/,
    );
    assert.match(run.stderr, /\[CHATKUBE_ERR_PLUGIN_INDEX_BUILD\]\n$/);
  });

  it('serves the folder as a repository the locator downloads from', async () => {
    const serve = spawn(process.execPath, [CLI, 'plugins', 'serve', '--dir', dist, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    after(() => serve.kill('SIGKILL'));
    let stdout = '';
    const indexUrl = await new Promise<string>((resolve, reject) => {
      serve.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /serving the plugin index at (\S+)\n/.exec(stdout);
        if (match) resolve(match[1] as string);
      });
      serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    assert.match(indexUrl, /^http:\/\/127\.0\.0\.1:\d+\/botkube\.yaml$/);
    const repositories = locator(indexUrl);
    assert.equal((await run(await repositories.locate('executor', ref('test/echo')))).text, 'echo hi');
    const go = await run(await repositories.locate('executor', ref('test/goecho@v0.1.0-go')));
    assert.deepEqual([go.text, go.version], ['echo hi', 'v0.1.0-go']);
    const base = indexUrl.replace('/botkube.yaml', '');
    assert.equal((await fetch(`${base}/static/..%2Fplugins-index.yaml`)).status, 404);
    assert.equal((await fetch(`${base}/static/README.md`)).status, 200);
    const exited = new Promise<number | null>((resolve) => serve.once('exit', resolve));
    serve.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
