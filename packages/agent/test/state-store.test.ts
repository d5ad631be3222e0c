import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { channelKey, FileStateStore, type RuntimeState } from '../src/state/index.js';
import { startChild } from './fixtures/state-child-control.js';

const roots: string[] = [];
async function tempStateDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'chatkube-state-'));
  roots.push(root);
  return join(root, 'state');
}
after(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

const CHANNEL = channelKey('webchat', 'default', 'general');

async function openStore(stateDir: string): Promise<FileStateStore> {
  const store = new FileStateStore({ stateDir });
  await store.load();
  return store;
}

/** A pid that surely belongs to no process: one that just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(child.pid);
  return child.pid;
}

describe('FileStateStore', () => {
  it('starts empty without a file, creates its dir (0700) and keeps updates across restarts', async () => {
    const stateDir = await tempStateDir();
    const store = new FileStateStore({ stateDir });
    assert.deepEqual(await store.load(), { version: 1, channels: {}, actions: {} });
    assert.equal((await stat(stateDir)).mode & 0o777, 0o700);
    const next = await store.update((draft) => {
      draft.channels[CHANNEL] = { notificationsDisabled: true, sourceBindings: ['k8s-events'] };
      draft.actions['describe-pod'] = { enabled: false };
    });
    assert.deepEqual(next.channels[CHANNEL], { notificationsDisabled: true, sourceBindings: ['k8s-events'] });
    assert.equal(store.get(), next);
    await store.close();

    const file = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'));
    assert.deepEqual(file, next);
    assert.equal((await stat(join(stateDir, 'state.json'))).mode & 0o777, 0o600);
    const again = await openStore(stateDir);
    assert.deepEqual(again.get(), next);
    await again.close();
  });

  it('applies 100 concurrent updates in call order, none lost, each seeing the ones before', async () => {
    const stateDir = await tempStateDir();
    const store = await openStore(stateDir);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.update((draft) => {
          const seen = draft.channels[CHANNEL]?.sourceBindings ?? [];
          draft.channels[CHANNEL] = { sourceBindings: [...seen, `s${i}`] };
          draft.actions[`a${i}`] = { enabled: i % 2 === 0 };
        }),
      ),
    );
    const expected = Array.from({ length: 100 }, (_, i) => `s${i}`);
    for (const [i, state] of results.entries())
      assert.deepEqual(state.channels[CHANNEL]?.sourceBindings, expected.slice(0, i + 1));
    assert.deepEqual(store.get().channels[CHANNEL]?.sourceBindings, expected);
    assert.equal(Object.keys(store.get().actions).length, 100);
    await store.close();
    const again = await openStore(stateDir);
    assert.deepEqual(again.get().channels[CHANNEL]?.sourceBindings, expected);
    assert.equal(again.get().actions.a99?.enabled, false);
    await again.close();
  });

  it('rejects only the update that throws or breaks the shape; the others in its batch apply', async () => {
    const stateDir = await tempStateDir();
    const store = await openStore(stateDir);
    const [first, failing, invalid, last] = await Promise.allSettled([
      store.update((draft) => {
        draft.actions.one = { enabled: true };
      }),
      store.update(() => {
        throw new Error('boom');
      }),
      store.update((draft) => {
        (draft.channels as Record<string, unknown>)[CHANNEL] = { sourceBindings: 'k8s' };
      }),
      store.update((draft) => ({ ...draft, actions: { ...draft.actions, two: { enabled: false } } })),
    ]);
    assert.equal(first.status, 'fulfilled');
    assert.equal(failing.status === 'rejected' && (failing.reason as Error).message, 'boom');
    assert.equal(invalid.status, 'rejected');
    assert.match(String((invalid as PromiseRejectedResult).reason.code), /^CHATKUBE_ERR_STATE_INVALID$/);
    assert.match(
      (invalid as PromiseRejectedResult).reason.message,
      /channels\["webchat\/default\/general"\]\.sourceBindings must be an array/,
    );
    assert.equal(last.status, 'fulfilled');
    assert.deepEqual(store.get(), { version: 1, channels: {}, actions: { one: { enabled: true }, two: { enabled: false } } });
    await store.close();
    assert.deepEqual(JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')).actions, {
      one: { enabled: true },
      two: { enabled: false },
    });
  });

  it('hands out frozen state: changes go through update()', async () => {
    const store = await openStore(await tempStateDir());
    const state = await store.update((draft) => {
      draft.channels[CHANNEL] = { sourceBindings: ['a'] };
    });
    const bindings = state.channels[CHANNEL]?.sourceBindings;
    assert.deepEqual(bindings, ['a']);
    assert.throws(() => bindings?.push('b'), TypeError);
    assert.throws(() => {
      store.get().actions.x = { enabled: true };
    }, TypeError);
    await store.close();
  });

  it('is not usable before load() or after close()', async () => {
    const store = new FileStateStore({ stateDir: await tempStateDir() });
    assert.throws(() => store.get(), { code: 'CHATKUBE_ERR_STATE_NOT_OPEN', message: /call load\(\) first/ });
    await assert.rejects(
      store.update(() => undefined),
      { code: 'CHATKUBE_ERR_STATE_NOT_OPEN' },
    );
    await store.load();
    await store.close();
    assert.throws(() => store.get(), { code: 'CHATKUBE_ERR_STATE_NOT_OPEN', message: /is closed/ });
    await assert.rejects(
      store.update(() => undefined),
      { code: 'CHATKUBE_ERR_STATE_NOT_OPEN' },
    );
    await assert.rejects(store.load(), { code: 'CHATKUBE_ERR_STATE_NOT_OPEN' });
  });

  it('waits for pending updates when closing', async () => {
    const stateDir = await tempStateDir();
    const store = await openStore(stateDir);
    const pending = store.update((draft) => {
      draft.actions.late = { enabled: true };
    });
    await store.close();
    await pending;
    assert.deepEqual(JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')).actions, { late: { enabled: true } });
  });

  it('removes temp files a crash left, and leaves the state file alone', async () => {
    const stateDir = await tempStateDir();
    await mkdir(stateDir, { recursive: true });
    const state: RuntimeState = { version: 1, channels: {}, actions: { kept: { enabled: true } } };
    await writeFile(join(stateDir, 'state.json'), JSON.stringify(state));
    await writeFile(join(stateDir, '.state.json.0a1b2c3d4e5f.tmp'), '{"version":1,"chan');
    await writeFile(join(stateDir, 'notes.txt'), 'not ours');
    const store = await openStore(stateDir);
    assert.deepEqual(store.get(), state);
    assert.deepEqual((await readdir(stateDir)).sort(), ['lock', 'notes.txt', 'state.json']);
    await store.close();
    assert.deepEqual((await readdir(stateDir)).sort(), ['notes.txt', 'state.json']);
  });

  it('fails a write cleanly: the update rejects, memory and file keep the old state', async () => {
    const stateDir = await tempStateDir();
    const store = await openStore(stateDir);
    await store.update((draft) => {
      draft.actions.before = { enabled: true };
    });
    const before = store.get();
    // A non-empty directory where the file goes: the rename over it fails.
    await rm(join(stateDir, 'state.json'));
    await mkdir(join(stateDir, 'state.json', 'blocker'), { recursive: true });
    await assert.rejects(
      store.update((draft) => {
        draft.actions.after = { enabled: true };
      }),
      {
        code: 'CHATKUBE_ERR_STATE_WRITE',
        message: new RegExp(`Cannot write the runtime state to ${join(stateDir, 'state.json')}`),
      },
    );
    assert.equal(store.get(), before);
    assert.deepEqual((await readdir(stateDir)).sort(), ['lock', 'state.json']);
    await store.close();
  });
});

describe('FileStateStore refuses a bad state file, naming it and what is wrong', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{"version": 1, "channels": {', /is not valid JSON/],
    ['empty', '', /is not valid JSON/],
    ['an array', '[]', /the state must be an object, not an array/],
    [
      'a newer version',
      '{"version": 2, "channels": {}, "actions": {}}',
      /version 2 is not supported; this chatkube reads version 1/,
    ],
    ['no version', '{"channels": {}, "actions": {}}', /version must be 1, not undefined/],
    ['channels not an object', '{"version": 1, "channels": [], "actions": {}}', /channels must be an object/],
    ['no actions', '{"version": 1, "channels": {}}', /actions must be an object keyed by action name, not undefined/],
    [
      'a bad channel key',
      '{"version": 1, "channels": {"general": {}}, "actions": {}}',
      /channels key "general" is not of the form/,
    ],
    [
      'a binding that is not a name',
      '{"version": 1, "channels": {"slack/g/c": {"sourceBindings": ["ok", 3]}}, "actions": {}}',
      /channels\["slack\/g\/c"\]\.sourceBindings\[1\] must be a non-empty string, not number 3/,
    ],
    [
      'a misspelt field',
      '{"version": 1, "channels": {"slack/g/c": {"notificationDisabled": true}}, "actions": {}}',
      /channels\["slack\/g\/c"\] has an unknown field "notificationDisabled"/,
    ],
    [
      'a toggle that is not a boolean',
      '{"version": 1, "channels": {}, "actions": {"a": {"enabled": "yes"}}}',
      /actions\["a"\]\.enabled must be true or false, not the string "yes"/,
    ],
    [
      'an unknown top-level field',
      '{"version": 1, "channels": {}, "actions": {}, "extra": 1}',
      /the top level has an unknown field "extra"/,
    ],
  ];
  for (const [what, text, reason] of cases) {
    it(`${what}`, async () => {
      const stateDir = await tempStateDir();
      await mkdir(stateDir, { recursive: true });
      const file = join(stateDir, 'state.json');
      await writeFile(file, text);
      const store = new FileStateStore({ stateDir });
      const error = await store.load().then(
        () => assert.fail('loaded a bad file'),
        (e: unknown) => e as Error & { code: string },
      );
      assert.equal(error.code, 'CHATKUBE_ERR_STATE_FILE');
      assert.ok(error.message.includes(file), error.message);
      assert.match(error.message, reason);
      assert.match(error.message, /Fix the file, or move it away/);
      // Never replaced, and the lock is not left behind.
      assert.equal(await readFile(file, 'utf8'), text);
      assert.deepEqual(await readdir(stateDir), ['state.json']);
    });
  }

  it('unreadable (a directory where the file goes)', async () => {
    const stateDir = await tempStateDir();
    await mkdir(join(stateDir, 'state.json'), { recursive: true });
    await assert.rejects(new FileStateStore({ stateDir }).load(), {
      code: 'CHATKUBE_ERR_STATE_FILE',
      message: new RegExp(
        `State file ${join(stateDir, 'state.json')} cannot be read: it is a directory\\. Fix the file, or move it away`,
      ),
    });
  });

  it('a state dir that is a file', async () => {
    const stateDir = await tempStateDir();
    await writeFile(stateDir, 'not a dir');
    await assert.rejects(new FileStateStore({ stateDir }).load(), {
      code: 'CHATKUBE_ERR_STATE_DIR',
      message: new RegExp(`State dir ${stateDir} cannot be used: .*Check settings\\.stateDir`),
    });
  });
});

describe('FileStateStore lock', () => {
  it('refuses a state dir a live agent holds, naming its pid; takes it once that agent is gone', async () => {
    const stateDir = await tempStateDir();
    const holder = startChild('hold', stateDir);
    try {
      await holder.ready;
      await assert.rejects(new FileStateStore({ stateDir }).load(), {
        code: 'CHATKUBE_ERR_STATE_LOCKED',
        message: new RegExp(
          `State dir ${stateDir} is in use by another chatkube agent \\(pid ${holder.child.pid} since .*Stop that agent`,
        ),
      });
    } finally {
      holder.child.kill('SIGKILL');
      await holder.exited;
    }
    const store = await openStore(stateDir);
    assert.equal(JSON.parse(await readFile(join(stateDir, 'lock'), 'utf8')).pid, process.pid);
    await store.close();
  });

  it('takes over a stale lock: a dead pid, our own pid from a former run, or no owner at all', async () => {
    const stale = [
      JSON.stringify({ pid: await deadPid(), hostname: hostname(), since: '2024-01-01T00:00:00.000Z' }),
      JSON.stringify({ pid: process.pid, hostname: hostname(), since: '2024-01-01T00:00:00.000Z' }),
      'garbage',
    ];
    for (const content of stale) {
      const stateDir = await tempStateDir();
      await mkdir(stateDir, { recursive: true });
      await writeFile(join(stateDir, 'lock'), content);
      const store = await openStore(stateDir);
      const owner = JSON.parse(await readFile(join(stateDir, 'lock'), 'utf8'));
      assert.equal(owner.pid, process.pid);
      assert.notEqual(owner.since, '2024-01-01T00:00:00.000Z');
      await store.close();
      assert.deepEqual(await readdir(stateDir), []);
    }
  });

  it('refuses a lock from another host, which it cannot check', async () => {
    const stateDir = await tempStateDir();
    await mkdir(stateDir, { recursive: true });
    const lock = join(stateDir, 'lock');
    await writeFile(lock, JSON.stringify({ pid: 4242, hostname: 'other-node', since: '2024-01-01T00:00:00.000Z' }));
    await assert.rejects(new FileStateStore({ stateDir }).load(), {
      code: 'CHATKUBE_ERR_STATE_LOCKED',
      message: new RegExp(`locked by pid 4242 on host other-node .*If it does not, remove ${lock}`),
    });
  });

  it('refuses a second store on the same dir in this process, even loading at once', async () => {
    const stateDir = await tempStateDir();
    const stores = [new FileStateStore({ stateDir }), new FileStateStore({ stateDir })];
    const results = await Promise.allSettled(stores.map((store) => store.load()));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected'],
    );
    assert.match((results[1] as PromiseRejectedResult).reason.message, /already in use by this process/);
    assert.equal((results[1] as PromiseRejectedResult).reason.code, 'CHATKUBE_ERR_STATE_LOCKED');
    for (const store of stores) await store.close();
    assert.deepEqual(await readdir(stateDir), []);
  });
});

describe('channelKey', () => {
  it('joins platform, group and channel, refusing ambiguous parts', () => {
    assert.equal(channelKey('slack', 'default', 'C123/x'), 'slack/default/C123/x');
    assert.throws(() => channelKey('slack', 'a/b', 'c'), { code: 'CHATKUBE_ERR_STATE_INVALID', message: /without "\/"/ });
    assert.throws(() => channelKey('', 'g', 'c'), { code: 'CHATKUBE_ERR_STATE_INVALID' });
    assert.throws(() => channelKey('p', 'g', ''), { code: 'CHATKUBE_ERR_STATE_INVALID' });
  });
});
