import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PluginConnection } from 'chatkube';
import { collect, executor, source } from '../lib/host.js';
import { isRunning, ROOT, scratch, script } from '../lib/paths.js';

const dir = scratch();
const BAD_PLUGIN = join(ROOT, 'test/dist/lib/bad-plugin.js');
const bad = (mode: string): string => script(dir, `bad-${mode}`, `exec "${process.execPath}" "${BAD_PLUGIN}" ${mode}`);

/**
 * A plugin script that runs `sleep` as its own child, writing the child's pid
 * to a file, so a test can check that nothing the plugin started is left.
 */
function sleeper(name: string, before: string): { path: string; child: () => number } {
  const pidFile = join(dir, `${name}.pid`);
  // The child and its pid file exist before the plugin says anything the host reacts to.
  const path = script(dir, name, `sleep 30 & echo $! > "${pidFile}"\n${before}\nwait`);
  return { path, child: () => Number(readFileSync(pidFile, 'utf8')) };
}

/** Starting `path` must fail with `code` and a message matching `message`. */
async function assertStartFails(path: string, code: string, message: RegExp): Promise<void> {
  await assert.rejects(PluginConnection.connect({ name: 'bad', path, startTimeoutMs: 1000 }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, code);
    assert.match((error as Error).message, message);
    return true;
  });
}

/** As assertStartFails, and nothing the plugin started is left running. */
async function assertStartFailsCleanly(name: string, before: string, code: string, message: RegExp): Promise<void> {
  const plugin = sleeper(name, before);
  await assertStartFails(plugin.path, code, message);
  // SIGKILL is sent at once; the orphan is reaped by init a moment later.
  const deadline = Date.now() + 2000;
  while (isRunning(plugin.child()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(isRunning(plugin.child()), false, "the plugin's own child process is stopped too");
}

/** After a plugin died: its process is gone and so is its socket file. */
async function assertGone(connection: PluginConnection): Promise<void> {
  await connection.process.exited;
  assert.equal(isRunning(connection.process.pid), false);
  assert.equal(existsSync(connection.process.handshake.address), false, 'the socket file is removed');
}

describe('plugins that fail to start', () => {
  it('prints garbage first', () =>
    assertStartFailsCleanly(
      'garbage',
      'echo "Hello, I am not a plugin"',
      'CHATKUBE_ERR_PLUGIN_HANDSHAKE',
      /printed "Hello, I am not a plugin" where a go-plugin handshake line/,
    ));

  it('exits before the handshake: its exit code and stderr are in the error', () =>
    assertStartFails(
      script(dir, 'exits', 'echo "fatal: no config" >&2; exit 3'),
      'CHATKUBE_ERR_PLUGIN_EXITED',
      /exited with code 3 before its handshake.*\n.*fatal: no config/,
    ));

  it('never prints a handshake', () =>
    assertStartFailsCleanly('mute', ':', 'CHATKUBE_ERR_PLUGIN_HANDSHAKE', /printed no handshake line within 1000 ms/));

  it('speaks another protocol version', () =>
    assertStartFailsCleanly(
      'v2',
      'echo "1|2|unix|/tmp/nowhere|grpc|"',
      'CHATKUBE_ERR_PLUGIN_PROTOCOL_VERSION',
      /plugin bad speaks plugin protocol 2, chatkube speaks 3/,
    ));

  it('offers netrpc', () =>
    assertStartFailsCleanly(
      'netrpc',
      'echo "1|3|unix|/tmp/nowhere|netrpc"',
      'CHATKUBE_ERR_PLUGIN_HANDSHAKE',
      /offers the netrpc protocol/,
    ));

  it('does not exist, or is not executable', async () => {
    await assertStartFails(join(dir, 'missing'), 'CHATKUBE_ERR_PLUGIN_START', /cannot be started from .*missing: no such file/);
    await assertStartFails(BAD_PLUGIN, 'CHATKUBE_ERR_PLUGIN_START', /not executable/);
  });
});

describe('plugins that misbehave in a call', () => {
  it('never answers: the call times out, the plugin stays up', async () => {
    const { connection, client } = await executor(bad('silent'), { callTimeoutMs: 300 });
    await assert.rejects(client.executeOnce({ command: 'x' }), {
      code: 'CHATKUBE_ERR_PLUGIN_TIMEOUT',
      message: /did not answer Execute in time/,
    });
    assert.equal(await connection.healthy(), true);
  });

  it('streams no update at all: an empty answer, and the command is not run again through Execute', async () => {
    const { client } = await executor(bad('empty-stream'));
    assert.deepEqual(await collect(client.execute({ command: 'x' })), [{ message: {} }]);
  });

  it('answers bytes that are not JSON', async () => {
    const { client } = await executor(bad('not-json'));
    await assert.rejects(client.executeOnce({ command: 'x' }), {
      code: 'CHATKUBE_ERR_PLUGIN_RESPONSE',
      message: /answered Execute with an invalid message: message is not JSON .*"this is not json"/,
    });
  });

  it('answers a 50 MB message', async () => {
    const { connection, client } = await executor(bad('huge'));
    await assert.rejects(client.executeOnce({ command: 'x' }), {
      code: 'CHATKUBE_ERR_PLUGIN_RESPONSE',
      message: /answered Execute with a message of 524288\d\d bytes, larger than the limit of 16777216/,
    });
    assert.equal(await connection.healthy(), true);
  });

  it('answers a 10 MB message, accepted under a raised limit', async () => {
    const { client } = await executor(bad('large'), { maxResponseBytes: 12 * 1024 * 1024 });
    for (let i = 0; i < 2; i++) {
      const { message } = await client.executeOnce({ command: 'x' });
      assert.equal(message.baseBody?.codeBlock?.length, 10 * 1000 * 1000);
    }
  });

  it('dies in the middle of a call', async () => {
    const { connection, client } = await executor(bad('die-in-call'));
    await assert.rejects(client.executeOnce({ command: 'x' }), {
      code: 'CHATKUBE_ERR_PLUGIN_EXITED',
      message: /was killed by SIGKILL\. Its last stderr lines:\nbad-plugin: crashing on purpose \(die-in-call\)/,
    });
    await assertGone(connection);
  });

  it('dies in the middle of a stream', async () => {
    const { connection, client } = await source(bad('die-in-stream'));
    const events: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of client.stream({ sourceName: 's' })) events.push(event);
      })(),
      { code: 'CHATKUBE_ERR_PLUGIN_EXITED' },
    );
    assert.ok(events.length >= 1, 'the events sent before are delivered');
    await assertGone(connection);
  });

  it('streams an event that is not JSON', async () => {
    const { client } = await source(bad('bad-event'));
    await assert.rejects(collect(client.stream({ sourceName: 's' })), {
      code: 'CHATKUBE_ERR_PLUGIN_RESPONSE',
      message: /answered Stream with an invalid event: event is not JSON/,
    });
  });
});
