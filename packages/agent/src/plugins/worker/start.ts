/**
 * The `worker` runtime: a TypeScript plugin in a worker thread of the
 * agent, behind the same {@link PluginInstance} as a process, for a
 * fraction of a process's memory. Not a security boundary: the worker
 * shares the agent's process (its files, its user, /proc/self); what it
 * does not get is the agent's environment.
 */
import type { PluginRef } from '../../config/types.js';
import { MAX_CALL_TIMEOUT_MS } from '../host/connection.js';
import type { PluginInstance, PluginLocation, StartPluginOptions } from '../runtime.js';
import { WorkerExecutorClient } from './executor-client.js';
import { PluginWorker } from './plugin-worker.js';
import { PortCalls } from './port-calls.js';
import { WorkerSourceClient } from './source-client.js';

/** How long a worker has to end after Shutdown before it is terminated, as a process has before SIGKILL. */
const SHUTDOWN_GRACE_MS = 2000;

/** Starts a worker module (`location.path`) in a worker thread and connects to it. */
export async function startWorkerPlugin(
  ref: PluginRef,
  location: PluginLocation,
  options: StartPluginOptions,
): Promise<PluginInstance> {
  if (!(options.callTimeoutMs > 0))
    throw new RangeError(`callTimeoutMs must be a positive number of milliseconds, got ${options.callTimeoutMs}`);
  // Everything the plugin says is logged under its name.
  const logger = options.logger.child({ plugin: ref.key });
  const worker = await PluginWorker.start({
    name: ref.key,
    path: location.path,
    logger,
    ...(location.env ? { env: location.env } : {}),
    ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}),
  });
  const calls = new PortCalls(ref.key, (message) => worker.post(message));
  worker.onMessage((message) => calls.receive(message));
  void worker.exited.then(() => calls.failAll(worker.exitError()));
  const callTimeoutMs = Math.min(options.callTimeoutMs, MAX_CALL_TIMEOUT_MS);
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    if (worker.alive) {
      worker.post({ type: 'shutdown' });
      if (!(await worker.waitForExit(SHUTDOWN_GRACE_MS))) {
        logger.warn('plugin worker did not end within 2 s of Shutdown; terminating it');
        await worker.terminate();
      }
    }
    await worker.exited;
  };
  return {
    runtime: 'worker',
    executor: new WorkerExecutorClient(ref.key, calls, callTimeoutMs),
    source: new WorkerSourceClient(ref.key, calls, callTimeoutMs),
    exited: worker.exited,
    pid: undefined,
    async healthy(timeoutMs) {
      if (!worker.alive) return false;
      try {
        await calls.unary('ping', {}, 'Ping', { timeoutMs });
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= close();
      return closing;
    },
  };
}
