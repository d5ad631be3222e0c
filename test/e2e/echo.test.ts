import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { encodeMessage } from '@chatkube/api';
import { executor as executorWire } from '@chatkube/proto';
import { PluginCallError, PluginExitedError, toWireRequest } from 'chatkube';
import { collect, executor } from '../lib/host.js';
import { ECHO_BIN, isRunning } from '../lib/paths.js';

describe('the echo executor under the chatkube host', () => {
  it("answers `echo hi` with the JSON Botkube's Go echo sends", async () => {
    const { client } = await executor(ECHO_BIN);
    const output = await client.executeOnce({ command: 'echo hi' });
    assert.equal(
      encodeMessage(output.message),
      '{"type":"baseBodyWithFilter","baseBody":{"codeBlock":"echo hi"},"timestamp":"0001-01-01T00:00:00Z"}',
    );
  });

  it('merges changeResponseToUpperCase over all configs, later winning', async () => {
    const { client } = await executor(ECHO_BIN);
    const upper = await client.executeOnce({ command: 'echo hi', configs: ['changeResponseToUpperCase: true'] });
    assert.equal(upper.message.baseBody?.codeBlock, 'ECHO HI');
    const back = await client.executeOnce({
      command: 'echo hi',
      configs: ['changeResponseToUpperCase: true', 'changeResponseToUpperCase: false'],
    });
    assert.equal(back.message.baseBody?.codeBlock, 'echo hi');
  });

  it('names the config that is not valid YAML', async () => {
    const { client } = await executor(ECHO_BIN);
    await assert.rejects(client.executeOnce({ command: 'echo hi', configs: ['a: 1', 'a: [unclosed'] }), {
      code: 'CHATKUBE_ERR_PLUGIN_CALL',
      message: /^config 2 of 2 is not valid YAML/,
    });
  });

  it('refuses a request whose slackState is not JSON, naming the field', async () => {
    const { connection } = await executor(ECHO_BIN);
    const request = toWireRequest({ command: 'echo hi' });
    if (request.context) request.context.slackState = Buffer.from('{nope');
    const bytes = executorWire.ExecuteRequest.encode(request).finish();
    await assert.rejects(connection.unary('/executor.Executor/Execute', bytes), {
      code: 3,
      details: /^context\.slackState is not JSON: /,
    });
  });

  it('answers @fail with the plugin error', async () => {
    const { client } = await executor(ECHO_BIN);
    await assert.rejects(client.executeOnce({ command: 'echo @fail' }), (error: unknown) => {
      assert.ok(error instanceof PluginCallError);
      assert.equal(error.message, 'The @fail label was specified. Failing execution.');
      return true;
    });
  });

  it('streams updates, each replacing the last, the last being final', async () => {
    const { client } = await executor(ECHO_BIN);
    const updates = await collect(client.execute({ command: 'echo --stream 3 --interval-ms 10 hi' }));
    assert.deepEqual(
      updates.map((u) => u.message.baseBody?.codeBlock),
      ['1/3 echo hi', '1/3 echo hi\n2/3 echo hi', '1/3 echo hi\n2/3 echo hi\n3/3 echo hi'],
    );
    const unary = await client.executeOnce({ command: 'echo --stream 3 --interval-ms 10 hi' });
    assert.deepEqual(unary, updates.at(-1), 'Execute answers with the final update');
  });

  it('runs nothing for a call whose signal is already aborted', async () => {
    const { client } = await executor(ECHO_BIN);
    await assert.rejects(collect(client.execute({ command: 'echo hi' }, AbortSignal.abort())), { name: 'AbortError' });
    await assert.rejects(client.executeOnce({ command: 'echo hi' }, AbortSignal.abort()), { name: 'AbortError' });
  });

  it('cancels a streamed command midway when its caller aborts', async () => {
    const { client } = await executor(ECHO_BIN);
    const controller = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const update of client.execute({ command: 'echo --stream 100 --interval-ms 20 hi' }, controller.signal)) {
          seen.push(update.message.baseBody?.codeBlock ?? '');
          if (seen.length === 2) controller.abort();
        }
      })(),
      { name: 'AbortError' },
    );
    assert.equal(seen.length, 2);
    assert.equal((await client.executeOnce({ command: 'echo after' })).message.baseBody?.codeBlock, 'echo after');
  });

  it('refuses a bad --stream count with a clear error', async () => {
    const { client } = await executor(ECHO_BIN);
    await assert.rejects(collect(client.execute({ command: 'echo --stream lots hi' })), {
      message: '--stream takes a whole number of updates from 1 to 1000, got "lots"',
    });
  });

  it('serves metadata with a JSON schema, and help with buttons', async () => {
    const { client } = await executor(ECHO_BIN);
    const metadata = await client.metadata();
    assert.equal(metadata.version, '0.1.0');
    assert.equal(JSON.parse(String(metadata.jsonSchema?.value)).properties.changeResponseToUpperCase.type, 'boolean');
    const help = await client.help();
    assert.equal(help.sections?.[0]?.buttons?.[0]?.command, '{{BotName}} echo hello');
  });

  it('dies on @panic: a coded error with its stderr, no process and no socket left, healthy until then', async () => {
    const { connection, client } = await executor(ECHO_BIN);
    assert.equal(await connection.healthy(), true);
    await assert.rejects(client.executeOnce({ command: 'echo @panic' }), (error: unknown) => {
      assert.ok(error instanceof PluginExitedError);
      assert.match(error.message, /exited with code 1/);
      assert.match(error.message, /The @panic label was specified/);
      return true;
    });
    await connection.process.exited;
    assert.equal(isRunning(connection.process.pid), false);
    assert.equal(existsSync(connection.process.handshake.address), false);
    assert.equal(await connection.healthy(), false);
  });

  it('stops on Shutdown and removes its socket', async () => {
    const { connection } = await executor(ECHO_BIN);
    await connection.close();
    const exit = await connection.process.exited;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.equal(existsSync(connection.process.handshake.address), false);
  });

  it('refuses to run outside a plugin host', () => {
    const run = spawnSync(ECHO_BIN, [], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^This binary is a plugin\. These are not meant to be executed directly\./);
    assert.equal(run.stdout, '');
  });

  it('ignores SIGINT, as go-plugin plugins do', async () => {
    const { connection, client } = await executor(ECHO_BIN);
    process.kill(connection.process.pid as number, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await client.executeOnce({ command: 'echo still here' })).message.baseBody?.codeBlock, 'echo still here');
  });
});
