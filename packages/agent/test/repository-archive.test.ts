import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as tar from 'tar';
import { findExecutable, unpack } from '../src/plugins/repository/archive.js';
import { parseGetterUrl } from '../src/plugins/repository/getter-url.js';
import { extractZip } from '../src/plugins/repository/zip-reader.js';
import { zipArchive } from './fixtures/zip-writer.js';

const root = mkdtempSync(join(tmpdir(), 'chatkube-archive-'));
after(() => rmSync(root, { recursive: true, force: true }));
let made = 0;
const folder = (): string => {
  const dir = join(root, `d${made++}`);
  mkdirSync(dir);
  return dir;
};
const LIMIT = { maxBytes: 1024 * 1024 };
const hasZipTool = (() => {
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the zip reader', () => {
  it('unpacks what zip(1) writes, deflated and stored, with Unix modes', {
    skip: !hasZipTool && 'zip(1) is not installed',
  }, async () => {
    const source = folder();
    mkdirSync(join(source, 'bin'));
    writeFileSync(join(source, 'bin/plugin'), `#!/bin/sh\n${'echo hi\n'.repeat(500)}`, { mode: 0o755 });
    writeFileSync(join(source, 'README.md'), 'read me\n', { mode: 0o644 });
    for (const level of ['-9', '-0']) {
      const archive = join(root, `made${level}.zip`);
      execFileSync('zip', ['-q', '-r', level, archive, 'bin', 'README.md'], { cwd: source });
      const dir = folder();
      assert.deepEqual((await extractZip(archive, dir, LIMIT)).sort(), ['README.md', 'bin/plugin']);
      assert.equal(readFileSync(join(dir, 'bin/plugin'), 'utf8'), readFileSync(join(source, 'bin/plugin'), 'utf8'));
      assert.equal(statSync(join(dir, 'bin/plugin')).mode & 0o777, 0o755);
    }
  });

  it('keeps contents and modes', async () => {
    const dir = folder();
    const archive = join(root, 'modes.zip');
    writeFileSync(
      archive,
      zipArchive([
        { name: 'tool', data: 'x'.repeat(10_000), mode: 0o100755 },
        { name: 'docs/', data: '', method: 0, mode: 0o040755 },
        { name: 'docs/a.txt', data: 'plain', method: 0 },
      ]),
    );
    assert.deepEqual((await extractZip(archive, dir, LIMIT)).sort(), ['docs/a.txt', 'tool']);
    assert.equal(readFileSync(join(dir, 'tool'), 'utf8'), 'x'.repeat(10_000));
    assert.equal(statSync(join(dir, 'tool')).mode & 0o777, 0o755);
    assert.equal(readFileSync(join(dir, 'docs/a.txt'), 'utf8'), 'plain');
  });

  it('refuses an entry whose path leaves the folder, writing nothing outside it', async () => {
    for (const name of ['../evil', 'a/../../evil', '/etc/evil', 'C:\\evil']) {
      const dir = folder();
      const archive = join(root, 'evil.zip');
      writeFileSync(archive, zipArchive([{ name, data: 'bad' }]));
      await assert.rejects(extractZip(archive, dir, LIMIT), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'CHATKUBE_ERR_PLUGIN_ARCHIVE');
        assert.ok(error.message.includes(`refused entry ${JSON.stringify(name)}: its path leaves the folder`), error.message);
        return true;
      });
      assert.equal(existsSync(join(root, 'evil')), false);
    }
  });

  it('skips symbolic links rather than creating them', async () => {
    const dir = folder();
    const archive = join(root, 'link.zip');
    writeFileSync(
      archive,
      zipArchive([
        { name: 'link', data: '/etc/passwd', method: 0, mode: 0o120777 },
        { name: 'tool', data: 't' },
      ]),
    );
    assert.deepEqual(await extractZip(archive, dir, LIMIT), ['tool']);
    assert.deepEqual(readdirSync(dir), ['tool']);
  });

  it('refuses a damaged archive: wrong CRC-32, unknown method, truncated, too large, not a zip', async () => {
    const cases: [Buffer, RegExp][] = [
      [zipArchive([{ name: 'tool', data: 'abc', crc: 1 }]), /tool fails its CRC-32 check/],
      [zipArchive([{ name: 'tool', data: 'abc', method: 14 }]), /compression method 14; only stored and deflate/],
      [zipArchive([{ name: 'tool', data: 'abc'.repeat(100) }]).subarray(0, 40), /no end of central directory record/],
      [zipArchive([{ name: 'tool', data: Buffer.alloc(LIMIT.maxBytes + 1) }]), /unpacks to 1048577 bytes, more than the 1048576/],
      [Buffer.from('not a zip at all, just text'), /not a zip archive chatkube can unpack/],
    ];
    for (const [bytes, message] of cases) {
      const archive = join(root, 'damaged.zip');
      writeFileSync(archive, bytes);
      await assert.rejects(extractZip(archive, folder(), LIMIT), { code: 'CHATKUBE_ERR_PLUGIN_ARCHIVE', message });
    }
  });
});

describe('finding the executable in an unpacked archive', () => {
  it("takes Botkube's first non-hidden file without extension, preferring one marked executable", async () => {
    const dir = folder();
    for (const name of ['.hidden', 'LICENSE', 'README.md', 'plugin']) writeFileSync(join(dir, name), name);
    assert.equal(await findExecutable(dir, 'a.zip', { name: 'x' }), join(dir, 'LICENSE'));
    chmodSync(join(dir, 'plugin'), 0o755);
    assert.equal(await findExecutable(dir, 'a.zip', { name: 'x' }), join(dir, 'plugin'));
  });

  it('looks into a top folder, and takes exactly a subpath (a file, or a folder holding the name)', async () => {
    const source = folder();
    mkdirSync(join(source, 'tool-1.0'));
    writeFileSync(join(source, 'tool-1.0/LICENSE'), 'l');
    writeFileSync(join(source, 'tool-1.0/tool'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(source, 'notes.txt'), 'n');
    const archive = join(root, 'tool.tar.gz');
    await tar.c({ gzip: true, file: archive, cwd: source }, ['tool-1.0', 'notes.txt']);
    const dir = folder();
    await unpack(archive, 'tar.gz', dir, { ...LIMIT, name: 'tool' });
    assert.equal(await findExecutable(dir, archive, { name: 'tool' }), join(dir, 'tool-1.0/tool'));
    assert.equal(await findExecutable(dir, archive, { name: 'x', subpath: 'tool-1.0/LICENSE' }), join(dir, 'tool-1.0/LICENSE'));
    assert.equal(await findExecutable(dir, archive, { name: 'tool', subpath: 'tool-1.0' }), join(dir, 'tool-1.0/tool'));
    await assert.rejects(findExecutable(dir, archive, { name: 'tool', subpath: 'nope/tool' }), {
      code: 'CHATKUBE_ERR_PLUGIN_ARCHIVE',
      message: /has no nope\/tool; it holds: notes\.txt, tool-1\.0, tool-1\.0\/LICENSE, tool-1\.0\/tool$/,
    });
    const empty = folder();
    writeFileSync(join(empty, 'notes.txt'), 'n');
    await assert.rejects(findExecutable(empty, 'e.zip', { name: 'x' }), {
      message: /e\.zip holds no executable .*; it holds: notes\.txt$/,
    });
  });

  it('refuses a tar entry that leaves the folder', async () => {
    const source = folder();
    const inner = join(source, 'inner');
    mkdirSync(inner);
    writeFileSync(join(source, 'escape'), 'bad');
    const archive = join(root, 'escape.tar');
    await tar.c({ file: archive, cwd: inner, preservePaths: true }, ['../escape']);
    const dir = folder();
    await assert.rejects(unpack(archive, 'tar', dir, { ...LIMIT, name: 'x' }), {
      code: 'CHATKUBE_ERR_PLUGIN_ARCHIVE',
      message: /path contains '\.\.'/,
    });
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses a file that is not the archive it says it is', async () => {
    const archive = join(root, 'fake.tar.gz');
    writeFileSync(archive, 'plain text');
    await assert.rejects(unpack(archive, 'tar.gz', folder(), { ...LIMIT, name: 'x' }), {
      code: 'CHATKUBE_ERR_PLUGIN_ARCHIVE',
      message: /fake\.tar\.gz cannot be unpacked as tar\.gz/,
    });
  });
});

describe("go-getter's URLs", () => {
  it('splits a subpath off after the scheme and tells the archive kind', () => {
    assert.deepEqual(parseGetterUrl('https://example.com/eget-1.3.3-linux_amd64.tar.gz//eget-1.3.3-linux_amd64/eget'), {
      url: 'https://example.com/eget-1.3.3-linux_amd64.tar.gz',
      subpath: 'eget-1.3.3-linux_amd64/eget',
      archive: 'tar.gz',
    });
    assert.deepEqual(parseGetterUrl('file:///srv/x.zip//bin?x=1'), {
      url: 'file:///srv/x.zip?x=1',
      subpath: 'bin',
      archive: 'zip',
    });
    assert.deepEqual(parseGetterUrl('https://example.com/download?archive=tgz'), {
      url: 'https://example.com/download',
      archive: 'tar.gz',
    });
    assert.deepEqual(parseGetterUrl('https://example.com/executor_echo_linux_amd64'), {
      url: 'https://example.com/executor_echo_linux_amd64',
    });
  });

  it('resolves a relative URL against the index', () => {
    assert.equal(parseGetterUrl('bin/x.tgz', 'file:///srv/index.yaml').url, 'file:///srv/bin/x.tgz');
  });

  it('refuses what it cannot fetch or unpack', () => {
    assert.throws(() => parseGetterUrl('https://example.com/x.tar.xz'), /\.tar\.xz archives are not supported/);
    assert.throws(() => parseGetterUrl('https://example.com/x//dir'), /not an archive chatkube unpacks/);
    assert.throws(() => parseGetterUrl('https://example.com/x.zip//a/../../b'), /may not contain \.\./);
    assert.throws(() => parseGetterUrl('s3::https://bucket/x'), /unsupported URL scheme s3:/);
  });
});
