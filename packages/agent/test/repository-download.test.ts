import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PluginChecksumError, PluginDownloadError } from '../src/errors.js';
import { silentLogger } from '../src/logging.js';
import { parseChecksum } from '../src/plugins/repository/checksum.js';
import { type DownloadPolicy, downloadFile } from '../src/plugins/repository/download-file.js';
import { DownloadSlots } from '../src/plugins/repository/download-slots.js';
import { openUrl } from '../src/plugins/repository/open-url.js';
import { TestFileServer } from './fixtures/file-server.js';

const dir = mkdtempSync(join(tmpdir(), 'chatkube-download-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const BODY = Buffer.from('#!/bin/sh\necho plugin\n'.repeat(200));
const SHA256 = createHash('sha256').update(BODY).digest('hex');
const POLICY: DownloadPolicy = { concurrency: 3, attempts: 3, backoffMs: 1, idleTimeoutMs: 300, maxBytes: 1024 * 1024 };
let files = 0;

function download(url: string, options: { checksum?: string; policy?: Partial<DownloadPolicy>; slots?: DownloadSlots } = {}) {
  const path = join(dir, `file-${files++}`);
  const checksum = options.checksum ? parseChecksum(options.checksum) : undefined;
  assert.notEqual(typeof checksum, 'string');
  const policy = { ...POLICY, ...options.policy };
  const done = downloadFile({
    url,
    path,
    ...(checksum && typeof checksum !== 'string' ? { checksum } : {}),
    policy,
    slots: options.slots ?? new DownloadSlots(policy.concurrency),
    logger: silentLogger,
  });
  return { path, done };
}

describe('downloading a plugin file', () => {
  it('writes the file and verifies its SHA-256', async () => {
    const server = (await TestFileServer.start()).route('/plugin', BODY);
    const { path, done } = download(`${server.url}/plugin`, { checksum: SHA256 });
    assert.deepEqual(await done, { sha256: SHA256, size: BODY.length });
    assert.deepEqual(readFileSync(path), BODY);
  });

  it('verifies the other algorithms go-getter knows', async () => {
    const server = (await TestFileServer.start()).route('/plugin', BODY);
    const sha512 = createHash('sha512').update(BODY).digest('hex');
    assert.equal((await download(`${server.url}/plugin`, { checksum: `sha512:${sha512}` }).done).sha256, SHA256);
  });

  it('refuses a file whose checksum differs, removes it, and does not try again', async () => {
    const server = (await TestFileServer.start()).route('/plugin', BODY);
    const wrong = 'f'.repeat(64);
    const { path, done } = download(`${server.url}/plugin`, { checksum: wrong });
    await assert.rejects(done, (error: unknown) => {
      assert.ok(error instanceof PluginChecksumError);
      assert.match(
        error.message,
        new RegExp(`has sha256 ${SHA256}, but the index says sha256:${wrong}; it was removed and not used`),
      );
      return true;
    });
    assert.equal(existsSync(path), false);
    assert.equal(server.count('/plugin'), 1);
  });

  it('does not try a 404 again', async () => {
    const server = await TestFileServer.start();
    const { path, done } = download(`${server.url}/missing`);
    await assert.rejects(done, (error: unknown) => {
      assert.ok(error instanceof PluginDownloadError);
      assert.equal(error.status, 404);
      assert.equal(error.retryable, false);
      assert.match(error.message, /\/missing answered HTTP 404 Not Found$/);
      return true;
    });
    assert.equal(server.count('/missing'), 1);
    assert.equal(existsSync(path), false);
  });

  it('tries a 503 again, with backoff, until it works', async () => {
    const server = (await TestFileServer.start()).route('/plugin', (_request, response, nth) => {
      if (nth < 3) response.writeHead(503).end('busy');
      else response.end(BODY);
    });
    assert.equal((await download(`${server.url}/plugin`).done).sha256, SHA256);
    assert.equal(server.count('/plugin'), 3);
  });

  it('tries again when the connection is cut mid-body, and says so when it always is', async () => {
    const cut = (response: import('node:http').ServerResponse) => {
      response.writeHead(200, { 'content-length': BODY.length });
      response.write(BODY.subarray(0, 1000), () => response.socket?.destroy());
    };
    const server = (await TestFileServer.start())
      .route('/once', (_request, response, nth) => (nth === 1 ? cut(response) : response.end(BODY)))
      .route('/always', (_request, response) => cut(response));
    assert.equal((await download(`${server.url}/once`).done).sha256, SHA256);
    assert.equal(server.count('/once'), 2);
    const { path, done } = download(`${server.url}/always`);
    await assert.rejects(done, (error: unknown) => {
      assert.ok(error instanceof PluginDownloadError);
      assert.match(error.message, new RegExp(`/always: .*of ${BODY.length} bytes.* \\(tried 3 times\\)$`));
      return true;
    });
    assert.equal(server.count('/always'), 3);
    assert.equal(existsSync(path), false);
  });

  it('gives up on a server that stalls (before answering, or mid-body) and tries again', async () => {
    const stalled: import('node:http').ServerResponse[] = [];
    after(() => {
      for (const response of stalled) response.destroy();
    });
    const server = (await TestFileServer.start())
      .route('/silent', (_request, response, nth) => (nth === 1 ? stalled.push(response) : response.end(BODY)))
      .route('/stalls', (_request, response, nth) => {
        if (nth > 1) {
          response.end(BODY);
          return;
        }
        response.writeHead(200, { 'content-length': BODY.length });
        response.write(BODY.subarray(0, 10));
        stalled.push(response);
      });
    assert.equal((await download(`${server.url}/silent`).done).sha256, SHA256);
    assert.equal((await download(`${server.url}/stalls`).done).sha256, SHA256);
    assert.equal(server.count('/silent'), 2);
    assert.equal(server.count('/stalls'), 2);
  });

  it('keeps to the number of downloads at once', async () => {
    let active = 0;
    let most = 0;
    const server = (await TestFileServer.start()).route('/plugin', (_request, response) => {
      most = Math.max(most, ++active);
      setTimeout(() => {
        active--;
        response.end(BODY);
      }, 20);
    });
    const slots = new DownloadSlots(2);
    await Promise.all(Array.from({ length: 6 }, () => download(`${server.url}/plugin`, { slots }).done));
    assert.equal(server.count('/plugin'), 6);
    assert.ok(most <= 2, `${most} downloads ran at once`);
  });

  it('refuses a file larger than the limit', async () => {
    const server = (await TestFileServer.start()).route('/plugin', BODY);
    await assert.rejects(download(`${server.url}/plugin`, { policy: { maxBytes: 100 } }).done, {
      code: 'CHATKUBE_ERR_PLUGIN_DOWNLOAD',
      message: /is larger than 100 bytes/,
    });
  });

  it('copies a file:// URL, and does not try a missing file again', async () => {
    const source = join(dir, 'local-plugin');
    writeFileSync(source, BODY);
    assert.equal((await download(pathToFileURL(source).href, { checksum: SHA256 }).done).sha256, SHA256);
    await assert.rejects(download(pathToFileURL(join(dir, 'nope')).href).done, {
      retryable: false,
      message: /there is no such file$/,
    });
  });

  it('leaves no temporary file behind', () => {
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.includes('.downloading')),
      [],
    );
  });
});

describe('following redirects', () => {
  it("sends the repository's headers to its own origin only", async () => {
    const other = (await TestFileServer.start()).route('/file', BODY);
    const own = (await TestFileServer.start())
      .route('/here', (_request, response) => response.writeHead(302, { location: '/file' }).end())
      .route('/file', BODY)
      .route('/away', (_request, response) => response.writeHead(307, { location: `${other.url}/file` }).end());
    const options = { headers: { authorization: 'Bearer secret', 'x-api-key': 'k' }, idleTimeoutMs: 1000, maxBytes: 1e6 };
    for (const path of ['/here', '/away']) for await (const _ of (await openUrl(`${own.url}${path}`, options)).chunks);
    assert.equal(own.requests.find((r) => r.path === '/file')?.headers['x-api-key'], 'k');
    const away = other.requests.find((r) => r.path === '/file');
    assert.ok(away);
    assert.equal(away.headers.authorization, undefined);
    assert.equal(away.headers['x-api-key'], undefined);
  });
});
