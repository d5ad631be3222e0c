/**
 * Interop with the real hashicorp/go-plugin, both ways: go-plugin's Go host
 * (test/go) loads chatkube's TypeScript echo, and chatkube's host loads Go
 * plugins built with go-plugin.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { encodeMessage } from '@chatkube/api';
import { PluginCallError, PluginExitedError } from 'chatkube';
import { collect, executor, source } from '../lib/host.js';
import { ECHO_BIN, goBin } from '../lib/paths.js';

function goHost(...args: string[]): string {
  return execFileSync(goBin('go-host'), args, { encoding: 'utf8', timeout: 60_000 });
}

const ECHO_HI = '{"type":"baseBodyWithFilter","baseBody":{"codeBlock":"echo hi"},"timestamp":"0001-01-01T00:00:00Z"}';

describe("go-plugin's Go host loads the TypeScript echo", () => {
  it('reads its metadata', () => {
    const metadata = JSON.parse(goHost('metadata', 'executor', ECHO_BIN));
    assert.equal(metadata.version, '0.1.0');
    assert.match(metadata.description, /^Echoes the command/);
  });

  it('reads its help', () => {
    const help = JSON.parse(goHost('help', ECHO_BIN));
    assert.equal(help.sections[0].header, 'Echo');
  });

  it('gets the same bytes from the TS echo as from the Go echo', () => {
    const ts = JSON.parse(goHost('exec', ECHO_BIN, '--', 'echo', 'hi'));
    const go = JSON.parse(goHost('exec', goBin('go-echo-executor'), '--', 'echo', 'hi'));
    assert.equal(JSON.stringify(ts.message), ECHO_HI);
    assert.deepEqual(ts, go);
  });

  it('passes configs, merged by the plugin', () => {
    const out = JSON.parse(goHost('exec', ECHO_BIN, '--config', 'changeResponseToUpperCase: true', '--', 'echo', 'hi'));
    assert.equal(out.message.baseBody.codeBlock, 'ECHO HI');
  });

  it('gets the final answer of a streamed command through Execute', () => {
    const out = JSON.parse(goHost('exec', ECHO_BIN, '--', 'echo', '--stream', '3', '--interval-ms', '1', 'hi'));
    assert.equal(out.message.baseBody.codeBlock, '1/3 echo hi\n2/3 echo hi\n3/3 echo hi');
  });

  it('gets an error for @fail and sees the plugin die on @panic', () => {
    const failed = spawnSync(goBin('go-host'), ['exec', ECHO_BIN, '--', 'echo', '@fail'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /The @fail label was specified\. Failing execution\./);
    // The Go host sees the connection drop when the TS plugin dies.
    assert.match(JSON.parse(goHost('panic', ECHO_BIN)).error, /Unavailable|transport is closing|EOF/);
  });
});

describe("chatkube's host loads Go plugins", () => {
  it('executes on the Go echo, falling back from ExecuteStream to Execute', async () => {
    const { client } = await executor(goBin('go-echo-executor'));
    for (let i = 0; i < 2; i++) {
      const updates = await collect(client.execute({ command: 'echo hi' }));
      assert.equal(updates.length, 1);
      assert.equal(encodeMessage(updates[0]?.message ?? {}), ECHO_HI);
    }
    const upper = await client.executeOnce({ command: 'echo hi', configs: ['changeResponseToUpperCase: true'] });
    assert.equal(upper.message.baseBody?.codeBlock, 'ECHO HI');
  });

  it("sends the Go echo a 1.8 MB command (in a 3.6 MB request), paced by grpc-go's flow control, and reads its answer", async () => {
    const { client } = await executor(goBin('go-echo-executor'));
    const command = `echo ${'large '.repeat(300_000)}`;
    const answers = await Promise.all([0, 1].map(() => client.executeOnce({ command })));
    for (const answer of answers) assert.equal(answer.message.baseBody?.codeBlock, command);
  });

  it('reads the Go echo metadata and help', async () => {
    const { client } = await executor(goBin('go-echo-executor'));
    const metadata = await client.metadata();
    assert.equal(metadata.version, 'v0.1.0-go');
    assert.ok(metadata.jsonSchema?.value);
    assert.ok((await client.help()).sections?.length);
  });

  it("shows a Go plugin's error and survives its panic, removing the socket it leaves", async () => {
    const { connection, client } = await executor(goBin('go-echo-executor'));
    await assert.rejects(client.executeOnce({ command: 'echo @fail' }), (error: unknown) => {
      assert.ok(error instanceof PluginCallError);
      assert.equal(error.message, 'The @fail label was specified. Failing execution.');
      return true;
    });
    await assert.rejects(client.executeOnce({ command: 'echo @panic' }), (error: unknown) => {
      assert.ok(error instanceof PluginExitedError);
      assert.match(error.message, /exited with code 2/);
      assert.match(error.message, /panic/);
      return true;
    });
    await connection.process.exited;
    assert.equal(existsSync(connection.process.handshake.address), false);
  });

  it('streams events from the Go source and handles its incoming webhook', async () => {
    const { client } = await source(goBin('go-source'));
    const events = await collect(client.stream({ config: 'intervalMs: 1\ncount: 3', sourceName: 'go' }));
    assert.equal(events.length, 3);
    assert.deepEqual(
      events.map((e) => e.rawObject),
      [{ n: 0 }, { n: 1 }, { n: 2 }],
    );
    const event = await client.handleExternalRequest({ payload: Buffer.from('{"hello":"world"}'), sourceName: 'go' });
    assert.match(event.message.baseBody?.plaintext ?? '', /hello/);
  });
});
