/** The plugin supervisor with the real echo plugin: restarts, deactivation, health checks. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PluginNotFoundError, type PluginStatus, PluginSupervisor, startProcessPlugin } from 'chatkube';
import { pino } from 'pino';
import { collect } from '../lib/host.js';
import { ECHO_BIN, isRunning } from '../lib/paths.js';
import { until } from '../lib/until.js';

const ref = { key: 'chatkube/echo', repo: 'chatkube', name: 'echo' };

type Start = ConstructorParameters<typeof PluginSupervisor>[0]['start'];
const echo0: Start = (_kind, ref, options) => startProcessPlugin(ref, { path: ECHO_BIN }, options);

function supervisor(threshold: number, healthCheckIntervalMs = 60_000, start: Start = echo0) {
  const s = new PluginSupervisor({
    start,
    restartPolicy: { type: 'DeactivatePlugin', threshold },
    healthCheckIntervalMs,
    callTimeoutMs: 10_000,
    logger: pino({ level: 'silent' }),
  });
  after(() => s.stop());
  return s;
}

async function echo(s: PluginSupervisor, command: string) {
  const { executor } = await s.plugin('executor', ref.key).running();
  return collect(executor.execute({ command }));
}

describe('PluginSupervisor', () => {
  it('starts a plugin, and starts it again after it dies in a call', async () => {
    const s = supervisor(3);
    await s.start([{ kind: 'executor', ref }]);
    const first = s.status('executor', ref.key) as PluginStatus;
    assert.equal(first.state, 'running');
    assert.ok(isRunning(first.pid));
    await assert.rejects(echo(s, 'echo @panic'), { code: 'CHATKUBE_ERR_PLUGIN_EXITED' });
    // The next call waits for the restart rather than failing.
    const [answer] = await echo(s, 'echo again');
    assert.equal(answer?.message.baseBody?.codeBlock, 'echo again');
    const second = s.status('executor', ref.key) as PluginStatus;
    assert.equal(second.restarts, 1);
    assert.notEqual(second.pid, first.pid);
    assert.equal(isRunning(first.pid), false);
  });

  it('deactivates a plugin that fails more often than the threshold, and says so', async () => {
    const s = supervisor(1);
    await s.start([{ kind: 'executor', ref }]);
    await assert.rejects(echo(s, 'echo @panic'));
    await until(() => s.status('executor', ref.key)?.state === 'running', { what: 'the restart' });
    await assert.rejects(echo(s, 'echo @panic'));
    await until(() => s.status('executor', ref.key)?.state === 'deactivated', { what: 'the deactivation' });
    await assert.rejects(echo(s, 'echo hi'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CHATKUBE_ERR_PLUGIN_DEACTIVATED');
      assert.match(
        error.message,
        /started again 1 times, as often as the restart policy allows, and failed again\. Last error: plugin chatkube\/echo exited with code 1/,
      );
      return true;
    });
  });

  it('replaces a plugin that stops answering its health check', async () => {
    const s = supervisor(3, 300);
    await s.start([{ kind: 'executor', ref }]);
    const pid = s.status('executor', ref.key)?.pid as number;
    process.kill(pid, 'SIGSTOP');
    await until(
      () => {
        const status = s.status('executor', ref.key);
        return status?.state === 'running' && status.pid !== pid;
      },
      { what: 'a new process' },
    );
    assert.equal(isRunning(pid), false);
    assert.equal((await echo(s, 'echo alive'))[0]?.message.baseBody?.codeBlock, 'echo alive');
  });

  it('records why a plugin cannot start, and keeps trying', async () => {
    let attempts = 0;
    const s = supervisor(2, 60_000, async () => {
      attempts++;
      throw new Error('the download was cut');
    });
    await s.start([{ kind: 'executor', ref }]);
    assert.equal(s.status('executor', ref.key)?.state, 'restarting');
    assert.equal(s.status('executor', ref.key)?.lastError, 'the download was cut');
    await until(() => s.status('executor', ref.key)?.state === 'deactivated', { what: 'deactivation after retries' });
    assert.equal(attempts, 3);
  });

  it('does not retry a plugin that cannot be found, and says why', async () => {
    let attempts = 0;
    const s = supervisor(5, 60_000, async () => {
      attempts++;
      throw new PluginNotFoundError('the index has no executor named echo');
    });
    await s.start([{ kind: 'executor', ref }]);
    assert.equal(s.status('executor', ref.key)?.state, 'failed');
    assert.equal(s.status('executor', ref.key)?.restarts, 0);
    await assert.rejects(echo(s, 'echo hi'), {
      code: 'CHATKUBE_ERR_PLUGIN_START',
      message: /the index has no executor named echo/,
    });
    assert.equal(attempts, 1);
  });
});
