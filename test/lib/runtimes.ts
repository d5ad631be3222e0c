/**
 * The plugins under test in each runtime, started through the agent's own
 * `startPlugin`, and stopped when the test file ends.
 */
import { join } from 'node:path';
import { after } from 'node:test';
import {
  type LocatedPlugin,
  type PluginInstance,
  type PluginRuntime,
  pluginExecutableName,
  pluginWorkerModuleName,
  startPlugin,
} from 'chatkube';
import { pino } from 'pino';
import { ROOT, scratch, script } from './paths.js';

export const RUNTIMES: readonly PluginRuntime[] = ['process', 'worker'];

export type TestPlugin = 'echo' | 'webhook' | 'probe-executor' | 'probe-source';

const bundled = (kind: 'executor' | 'source', name: string): LocatedPlugin => ({
  process: { path: join(ROOT, 'dist/plugins', pluginExecutableName(kind, name)) },
  worker: { path: join(ROOT, 'dist/plugins', pluginWorkerModuleName(kind, name)) },
});

const probe = (kind: 'executor' | 'source'): LocatedPlugin => ({
  process: {
    path: script(scratch(), `probe-${kind}`, `exec "${process.execPath}" "${join(ROOT, 'test/dist/lib/probe-main.js')}" ${kind}`),
  },
  worker: { path: join(ROOT, `test/dist/lib/probe-${kind}-worker.js`) },
});

/** Where a test plugin is, in both runtimes. */
export function located(plugin: TestPlugin): LocatedPlugin {
  if (plugin === 'echo') return bundled('executor', 'echo');
  if (plugin === 'webhook') return bundled('source', 'webhook');
  return probe(plugin === 'probe-executor' ? 'executor' : 'source');
}

export const refOf = (plugin: TestPlugin, runtime?: PluginRuntime) => ({
  key: `chatkube/${plugin}`,
  repo: 'chatkube',
  name: plugin,
  ...(runtime ? { runtime } : {}),
});

const started = new Set<PluginInstance>();
after(() => Promise.all([...started].map((instance) => instance.close())));

/** Starts `plugin` in `runtime`; closed when the test file ends. */
export async function start(
  runtime: PluginRuntime,
  plugin: TestPlugin,
  logger = pino({ level: 'silent' }),
  env?: string[],
): Promise<PluginInstance> {
  const ref = { ...refOf(plugin, runtime), ...(env ? { env } : {}) };
  const instance = await startPlugin(ref, located(plugin), { callTimeoutMs: 10_000, logger });
  started.add(instance);
  return instance;
}
