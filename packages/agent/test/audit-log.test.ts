import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type AuditEntry, auditDir, FileAuditLog, readAudit } from '../src/state/index.js';

const roots: string[] = [];
async function tempStateDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'chatkube-audit-'));
  roots.push(root);
  return join(root, 'state');
}
after(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

function entry(n: number, fields: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    platform: 'webchat',
    channel: 'general',
    user: 'U42',
    command: `kubectl get pods -n ns-${n}`,
    plugin: 'botkube/kubectl',
    outcome: 'ok',
    durationMs: n,
    origin: 'typed',
    ...fields,
  };
}

const commands = (entries: AuditEntry[]) => entries.map((e) => e.command);

describe('FileAuditLog', () => {
  it('appends JSON lines that readAudit gives back in order, only the known fields', async () => {
    const stateDir = await tempStateDir();
    const log = await FileAuditLog.open({ stateDir });
    await log.append(entry(1));
    const withExtra = { ...entry(2, { outcome: 'denied', error: 'not allowed here' }), token: 'xoxb-secret' } as AuditEntry;
    await log.append(withExtra);
    await log.close();

    const file = join(auditDir(stateDir), 'audit.log');
    assert.equal((await stat(auditDir(stateDir))).mode & 0o777, 0o700);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    assert.doesNotMatch(text, /xoxb-secret/);
    const lines = text.split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(Object.keys(JSON.parse(lines[1] as string)), [
      'time',
      'platform',
      'channel',
      'user',
      'command',
      'plugin',
      'outcome',
      'durationMs',
      'error',
      'origin',
    ]);
    const { entries, torn } = await readAudit(stateDir);
    assert.deepEqual(torn, []);
    assert.deepEqual(entries, [entry(1), entry(2, { outcome: 'denied', error: 'not allowed here' })]);
  });

  it('puts concurrent appends into one write and fsync (group commit)', async () => {
    const log = await FileAuditLog.open({ stateDir: await tempStateDir() });
    await Promise.all(Array.from({ length: 8 }, (_, i) => log.append(entry(i))));
    const { writes, entries } = log.stats;
    assert.equal(entries, 8);
    assert.ok(writes <= 2, `8 concurrent appends took ${writes} writes`);
    await log.close();
  });

  it('refuses appends past the queue bound, with a coded error, and recovers once the queue drains', async () => {
    const stateDir = await tempStateDir();
    const log = await FileAuditLog.open({ stateDir, maxQueuedEntries: 10 });
    // All appended in one tick: none can be written before the loop ends.
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => log.append(entry(i))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(refused.length, 40);
    for (const { reason } of refused) {
      assert.equal(reason.code, 'CHATKUBE_ERR_AUDIT_QUEUE_FULL');
      assert.match(reason.message, /has 10 entries waiting for the disk; this one was refused/);
    }
    assert.equal(log.stats.refused, 40);
    await log.append(entry(99));
    await log.close();
    const { entries } = await readAudit(stateDir);
    assert.deepEqual(commands(entries), [...Array.from({ length: 10 }, (_, i) => entry(i).command), entry(99).command]);
  });

  it('caps long commands and errors, saying how much was cut', async () => {
    const stateDir = await tempStateDir();
    const log = await FileAuditLog.open({ stateDir, maxCommandChars: 100 });
    await log.append(entry(1, { command: `echo ${'a'.repeat(10_000)}`, error: 'e'.repeat(500) }));
    // A cut never splits a surrogate pair.
    await log.append(entry(2, { command: `${'b'.repeat(99)}😀😀` }));
    await log.close();
    const [first, second] = (await readAudit(stateDir)).entries;
    assert.equal(first?.command, `echo ${'a'.repeat(95)}…[9905 more chars]`);
    assert.equal(first?.error, `${'e'.repeat(100)}…[400 more chars]`);
    assert.equal(second?.command, `${'b'.repeat(99)}…[4 more chars]`);
    const defaults = await FileAuditLog.open({ stateDir });
    await defaults.append(entry(3, { command: 'c'.repeat(5000) }));
    await defaults.close();
    assert.equal((await readAudit(stateDir)).entries[2]?.command.length, 4096 + '…[904 more chars]'.length);
  });

  it('rotates by size: no file past the bound, entries in order across files, none lost', async () => {
    const stateDir = await tempStateDir();
    const maxFileBytes = 2000;
    const log = await FileAuditLog.open({ stateDir, maxFileBytes, keepFiles: 20 });
    // In bursts, so that batches also straddle a rotation.
    for (let burst = 0; burst < 6; burst++) {
      await Promise.all(Array.from({ length: 15 }, (_, i) => log.append(entry(burst * 15 + i))));
    }
    assert.ok(log.stats.rotations >= 4, `${log.stats.rotations} rotations`);
    await log.close();
    const dir = auditDir(stateDir);
    const names = (await readdir(dir)).sort();
    const expectedNames = ['audit.log', ...Array.from({ length: log.stats.rotations }, (_, i) => `audit.log.${i + 1}`)].sort();
    assert.deepEqual(names, expectedNames);
    for (const name of names) {
      const size = (await stat(join(dir, name))).size;
      assert.ok(size > 0 && size <= maxFileBytes, `${name} has ${size} bytes`);
    }
    const { entries } = await readAudit(stateDir);
    assert.deepEqual(
      commands(entries),
      Array.from({ length: 90 }, (_, i) => entry(i).command),
    );
  });

  it('keeps only keepFiles rotated files, dropping the oldest', async () => {
    const stateDir = await tempStateDir();
    const log = await FileAuditLog.open({ stateDir, maxFileBytes: 1000, keepFiles: 2 });
    for (let i = 0; i < 60; i++) await log.append(entry(i));
    await log.close();
    assert.deepEqual((await readdir(auditDir(stateDir))).sort(), ['audit.log', 'audit.log.1', 'audit.log.2']);
    const { entries } = await readAudit(stateDir);
    // The newest entries, without a gap, up to the last one.
    const first = Number(entries[0]?.durationMs);
    assert.ok(first > 0);
    assert.deepEqual(
      entries.map((e) => e.durationMs),
      Array.from({ length: 60 - first }, (_, i) => first + i),
    );
  });

  it('cuts a torn last line when it opens, so new entries start on a line of their own', async () => {
    const stateDir = await tempStateDir();
    const dir = auditDir(stateDir);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'audit.log');
    const whole = `${JSON.stringify(entry(1))}\n${JSON.stringify(entry(2))}\n`;
    const fragment = '{"time":"2025-01-01T00:00:03.000Z","platfo';
    await writeFile(file, `${whole}${fragment}`);
    const before = await readAudit(stateDir);
    assert.deepEqual(commands(before.entries), [entry(1).command, entry(2).command]);
    assert.deepEqual(before.torn, [{ file, line: 3, bytes: fragment.length }]);

    const log = await FileAuditLog.open({ stateDir });
    await log.append(entry(4));
    await log.close();
    const afterOpen = await readAudit(stateDir);
    assert.deepEqual(afterOpen.torn, []);
    assert.deepEqual(commands(afterOpen.entries), [entry(1).command, entry(2).command, entry(4).command]);
  });

  it('fails entries the disk refuses with a coded error, and writes again once it can', async () => {
    const stateDir = await tempStateDir();
    const file = join(auditDir(stateDir), 'audit.log');
    await mkdir(auditDir(stateDir), { recursive: true });
    // Linux's /dev/full, which the agent's machines and CI have: every write fails with ENOSPC.
    await symlink('/dev/full', file);
    const log = await FileAuditLog.open({ stateDir });
    const results = await Promise.allSettled([log.append(entry(1)), log.append(entry(2))]);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.equal(result.reason.code, 'CHATKUBE_ERR_AUDIT_WRITE');
      assert.match(result.reason.message, new RegExp(`Cannot write to the audit log ${file}: .*ENOSPC`));
    }
    await unlink(file);
    await log.append(entry(3));
    await log.close();
    assert.deepEqual(commands((await readAudit(stateDir)).entries), [entry(3).command]);
  });

  it('refuses use after close, a second log on the same dir, and a directory in place of the file', async () => {
    const stateDir = await tempStateDir();
    const log = await FileAuditLog.open({ stateDir });
    await assert.rejects(FileAuditLog.open({ stateDir }), {
      code: 'CHATKUBE_ERR_STATE_LOCKED',
      message: /Audit log dir .* is already in use by this process/,
    });
    await log.close();
    await assert.rejects(log.append(entry(1)), { code: 'CHATKUBE_ERR_AUDIT_CLOSED' });

    const other = await tempStateDir();
    await mkdir(join(auditDir(other), 'audit.log'), { recursive: true });
    await assert.rejects(FileAuditLog.open({ stateDir: other }), {
      code: 'CHATKUBE_ERR_AUDIT_FILE',
      message: new RegExp(`Audit log ${join(auditDir(other), 'audit.log')} cannot be opened: it is a directory`),
    });
    // The failed open left no lock behind.
    assert.deepEqual(await readdir(auditDir(other)), ['audit.log']);
  });
});

describe('readAudit', () => {
  it('gives nothing for a state dir without a log', async () => {
    assert.deepEqual(await readAudit(await tempStateDir()), { entries: [], torn: [] });
  });

  it('filters by time and keeps the newest entries up to the limit, oldest first', async () => {
    const stateDir = await tempStateDir();
    const log = await FileAuditLog.open({ stateDir, maxFileBytes: 600 });
    for (let i = 0; i < 10; i++) await log.append(entry(i));
    await log.close();
    const since = new Date(entry(4).time);
    assert.deepEqual(
      (await readAudit(stateDir, { since })).entries.map((e) => e.durationMs),
      [4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(
      (await readAudit(stateDir, { limit: 3 })).entries.map((e) => e.durationMs),
      [7, 8, 9],
    );
    assert.deepEqual((await readAudit(stateDir, { since, limit: 0 })).entries, []);
    await assert.rejects(readAudit(stateDir, { since: new Date('nope') }), RangeError);
  });

  it('refuses a bad line that is not the last, naming file, line and problem', async () => {
    const stateDir = await tempStateDir();
    const dir = auditDir(stateDir);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'audit.log.1');
    await writeFile(file, `${JSON.stringify(entry(1))}\n${JSON.stringify({ ...entry(2), durationMs: '2' })}\n`);
    await writeFile(join(dir, 'audit.log'), `${JSON.stringify(entry(3))}\n`);
    await assert.rejects(readAudit(stateDir), {
      code: 'CHATKUBE_ERR_AUDIT_FILE',
      message: new RegExp(`Audit log ${file} line 2 is not an audit entry: "durationMs" is missing or not a number`),
    });
    await writeFile(file, `${JSON.stringify(entry(1))}\nnot json\n`);
    await assert.rejects(readAudit(stateDir), {
      code: 'CHATKUBE_ERR_AUDIT_FILE',
      message: /line 2 is not an audit entry: not JSON/,
    });
    await writeFile(file, `${JSON.stringify({ ...entry(1), time: 'yesterday' })}\n`);
    await assert.rejects(readAudit(stateDir), {
      message: /line 1 is not an audit entry: "time" "yesterday" is not an RFC 3339 time/,
    });
  });
});
