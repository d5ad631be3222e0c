import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PluginConnection } from 'chatkube';
import { collect, executor, source } from '../lib/host.js';
import { isRunning, ROOT, scratch, script } from '../lib/paths.js';

const dir = scratch();
const BAD_PLUGIN = join(ROOT, 'test/dist/lib/bad-plugin.js');
const bad = (mode: string): string => script(dir, `bad-${mode}`, `exec "${process.execPath}" "${BAD_PLUGIN}" ${mode}`);

/** Starting `path` must fail with `code` and a message matching `message`, leaving no process behind. */
async function assertStartFails(path: string, code: string, message: RegExp): Promise<void> {
  await assert.rejects(PluginConnection.connect({ name: 'bad', path, startTimeoutMs: 1000 }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, code);
    assert.match((error as Error).message, message);
    return true;
  });
}

/** After a plugin died: its process is gone and so is its socket file. */
async function assertGone(connection: PluginConnection): Promise<void> {
  await connection.process.exited;
  assert.equal(isRunning(connection.process.pid), false);
  assert.equal(existsSync(connection.process.handshake.address), false, 'the socket file is removed');
}

describe('plugins that fail to start', () => {
  it('prints garbage first', () =>
    assertStartFails(
      script(dir, 'garbage', 'echo "Hello, I am not a plugin"; sleep 30'),
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
    assertStartFails(
      script(dir, 'mute', 'sleep 30'),
      'CHATKUBE_ERR_PLUGIN_HANDSHAKE',
      /printed no handshake line within 1000 ms/,
    ));

  it('speaks another protocol version', () =>
    assertStartFails(
      script(dir, 'v2', 'echo "1|2|unix|/tmp/nowhere|grpc|"; sleep 30'),
      'CHATKUBE_ERR_PLUGIN_PROTOCOL_VERSION',
      /plugin bad speaks plugin protocol 2, chatkube speaks 3/,
    ));

  it('offers netrpc', () =>
    assertStartFails(
      script(dir, 'netrpc', 'echo "1|3|unix|/tmp/nowhere|netrpc"; sleep 30'),
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

  it('answers bytes that are not JSON', async () => {
    const { client } = await executor(bad('not-json'));
    await assert.rejects(client.executeOnce({ command: 'x' }), {
      code: 'CHATKUBE_ERR_PLUGIN_RESPONSE',
      message: /answered Execute with an invalid message: message is not JSON .*"this is not json"/,
    });
  });

  it('answers a 50 MB message', async () => {
    const { connection, client } = await executor(bad('huge'));
    await assert.rejects(client.executeOnce({ command: 'x' }), { code: 'CHATKUBE_ERR_PLUGIN_RESPONSE', message: /too large/ });
    assert.equal(await connection.healthy(), true);
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
