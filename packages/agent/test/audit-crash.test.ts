import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileAuditLog, readAudit } from '../src/state/index.js';
import { CRASH_AUDIT_LIMITS, startChild } from './fixtures/state-child-control.js';

const KILLS = 30;

describe('FileAuditLog after kill -9', () => {
  let root = '';
  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(`keeps every acknowledged entry through ${KILLS} kills at random moments, rotations included`, async (t) => {
    root = await mkdtemp(join(tmpdir(), 'chatkube-audit-crash-'));
    const stateDir = join(root, 'state');
    const acknowledged: string[] = [];
    let tornSeen = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const writer = startChild('audit', stateDir, `run${kill}`);
      await writer.ready;
      await sleep(Math.random() * 60);
      writer.child.kill('SIGKILL');
      await writer.exited;
      acknowledged.push(...writer.acks);

      // Every file parses line by line; only a last line may be torn, and it is reported.
      const { entries, torn } = await readAudit(stateDir);
      assert.ok(torn.length <= 1, `torn lines after kill ${kill}: ${JSON.stringify(torn)}`);
      if (torn[0]) assert.match(torn[0].file, /audit\.log$/);
      tornSeen += torn.length;
      const recorded = entries.map((entry) => entry.origin);
      assert.equal(new Set(recorded).size, recorded.length, 'an entry is recorded twice');
      const present = new Set(recorded);
      const missing = acknowledged.filter((id) => !present.has(id));
      assert.deepEqual(missing, [], `after kill ${kill}, acknowledged entries are missing`);
    }
    assert.ok(acknowledged.length > KILLS, `only ${acknowledged.length} acknowledged entries in ${KILLS} runs`);

    // Opening again cuts a torn tail; the log then reads whole.
    const log = await FileAuditLog.open({ stateDir, ...CRASH_AUDIT_LIMITS });
    await log.close();
    const { entries, torn } = await readAudit(stateDir);
    assert.deepEqual(torn, []);
    assert.ok(entries.length >= acknowledged.length);
    t.diagnostic(`${acknowledged.length} acknowledged entries, ${tornSeen} torn last lines seen`);
  });
});
