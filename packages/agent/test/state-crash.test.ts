import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileStateStore } from '../src/state/index.js';
import { counterOf, startChild } from './fixtures/state-child-control.js';

const KILLS = 30;

describe('FileStateStore after kill -9', () => {
  let root = '';
  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(`loads after ${KILLS} kills at random moments, holding every acknowledged change`, async () => {
    root = await mkdtemp(join(tmpdir(), 'chatkube-state-crash-'));
    const stateDir = join(root, 'state');
    let acknowledged = 0;
    let acksSeen = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const writer = startChild('state', stateDir);
      const startedAt = Number(await writer.ready);
      // The child went on from what the last load found: nothing acknowledged was lost.
      assert.ok(startedAt >= acknowledged, `run ${kill} started at ${startedAt}, below the acknowledged ${acknowledged}`);
      await sleep(Math.random() * 60);
      writer.child.kill('SIGKILL');
      await writer.exited;
      acksSeen += writer.acks.length;
      for (const ack of writer.acks) acknowledged = Math.max(acknowledged, Number(ack));

      const store = new FileStateStore({ stateDir });
      const state = await store.load();
      assert.ok(counterOf(state) >= acknowledged, `after kill ${kill}: ${counterOf(state)} < acknowledged ${acknowledged}`);
      // Temp files of the interrupted write are gone.
      assert.deepEqual((await readdir(stateDir)).sort(), counterOf(state) > 0 ? ['lock', 'state.json'] : ['lock']);
      await store.close();
    }
    // The kills must have interrupted real work for the test to mean anything.
    assert.ok(acksSeen > KILLS, `only ${acksSeen} acknowledged updates in ${KILLS} runs`);
  });
});
