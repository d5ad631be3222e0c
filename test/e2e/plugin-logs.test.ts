import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { executor } from '../lib/host.js';
import { ROOT, scratch, script } from '../lib/paths.js';

/** A pino logger whose lines land in an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, sink) };
}

const fixture = (mode: string): string =>
  script(scratch(), mode, `exec "${process.execPath}" "${join(ROOT, 'test/dist/lib/bad-plugin.js')}" ${mode}`);

describe("a plugin's own output", () => {
  it('follows the stdio stream again after it failed once', async () => {
    const { lines, logger } = capture();
    const { connection } = await executor(fixture('flaky-stdio'), { logger });
    const deadline = Date.now() + 5000;
    while (!lines.some((l) => l.stdout === 'hello again') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await connection.close();
    assert.ok(
      lines.some((l) => l.stdout === 'hello again'),
      'the second stdio stream was read',
    );
  });

  it('cannot flood the log: past the budget, lines are dropped and counted', async () => {
    const { lines, logger } = capture();
    const { client, connection } = await executor(fixture('flood'), { logger });
    await client.executeOnce({ command: 'x' });
    await connection.close();
    assert.equal(lines.filter((l) => l.msg === 'flood line').length, 1000);
    const dropped = lines.find((l) => typeof l.dropped === 'number');
    assert.equal(dropped?.dropped, 4000);
    assert.equal(dropped?.level, 40);
  });

  it('reaches the host: stdout over GRPCStdio, stderr lines with their levels, hclog JSON parsed', async () => {
    const { lines, logger } = capture();
    const { client, connection } = await executor(fixture('chatty'), { logger });
    assert.equal(
      (await client.executeOnce({ command: 'x' })).message.baseBody?.plaintext,
      'ok',
      'stdout output does not corrupt the protocol',
    );
    await connection.close();
    const find = (msg: string) => lines.find((l) => l.msg === msg || l.stdout === msg);
    assert.equal(find('hello from stdout')?.level, 20, 'stdout is logged at debug');
    assert.equal(find('careful now')?.level, 40, '[WARN] lines are warnings');
    const hclog = find('hclog line');
    assert.equal(hclog?.level, 50, 'hclog levels are kept');
    assert.deepEqual(
      hclog?.fields,
      { '@module': 'x', code: 7 },
      'hclog fields are kept, its own level, message and time dropped',
    );
    assert.ok(lines.length > 0 && lines.every((l) => l.plugin === 'test-plugin'), 'every line names the plugin');
  });
});
