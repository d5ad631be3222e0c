/**
 * How a plugin runs, whatever runs it: a process speaking go-plugin (any
 * language), or a worker thread of the agent (worker/start.ts). The
 * supervisor and the bridges see only this.
 */
import type { PluginRef, PluginRuntime } from '../config/types.js';
import type { Logger } from '../logging.js';
import { PluginConnection } from './host/connection.js';
import { type ExecutorClient, GrpcExecutorClient } from './host/executor-client.js';
import { GrpcSourceClient, type SourceClient } from './host/source-client.js';

export type PluginKind = 'executor' | 'source';
export type { PluginRuntime };

/** Where a plugin's executable (or worker module) is, and what it needs in its environment. */
export interface PluginLocation {
  path: string;
  /** Added to the plugin's minimal environment, e.g. `PLUGIN_DEPENDENCY_DIR`. */
  env?: Record<string, string | undefined>;
}

/** Where a plugin is for each runtime it can run in: a locator's answer. */
export interface LocatedPlugin {
  /** Its go-plugin executable. */
  process?: PluginLocation;
  /** Its worker module: an ES module that calls `serveWorker` of `@chatkube/plugin/worker`. */
  worker?: PluginLocation;
}

/** One running plugin. */
export interface PluginInstance {
  readonly runtime: PluginRuntime;
  readonly executor: ExecutorClient;
  readonly source: SourceClient;
  /** Resolves when it is gone, saying how (`exited with code 1`, `was killed by SIGKILL`). */
  readonly exited: Promise<string>;
  /** Its process id, for a process; undefined for a worker, which runs in the agent's. */
  readonly pid: number | undefined;
  /** go-plugin's ping (a process), a ping over the port (a worker): true while it answers. */
  healthy(timeoutMs: number): Promise<boolean>;
  /** Stops it (Shutdown, grace, then kill or terminate); resolves once it is gone. */
  close(): Promise<void>;
}

export interface StartPluginOptions {
  callTimeoutMs: number;
  logger: Logger;
  startTimeoutMs?: number;
}

/** Starts a plugin executable as a go-plugin process and connects to it. */
export async function startProcessPlugin(
  ref: PluginRef,
  location: PluginLocation,
  options: StartPluginOptions,
): Promise<PluginInstance> {
  const connection = await PluginConnection.connect({
    name: ref.key,
    path: location.path,
    callTimeoutMs: options.callTimeoutMs,
    logger: options.logger,
    ...(location.env ? { env: location.env } : {}),
    ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}),
  });
  return {
    runtime: 'process',
    executor: new GrpcExecutorClient(connection),
    source: new GrpcSourceClient(connection),
    exited: connection.process.exited.then(({ code, signal }) =>
      signal ? `was killed by ${signal}` : `exited with code ${code}`,
    ),
    pid: connection.process.pid,
    healthy: (timeoutMs) => connection.healthy(timeoutMs),
    close: () => connection.close(),
  };
}
