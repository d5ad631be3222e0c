/** Turns a failed gRPC call to a plugin into the agent's coded error. */

import type { ChatkubeError } from '@chatkube/api';
import { h2 } from '@chatkube/proto';
import { type ServiceError, status } from '@grpc/grpc-js';
import { PluginCallError, PluginResponseError, PluginTimeoutError, PluginUnimplementedError } from '../../errors.js';
import type { PluginConnection } from './connection.js';

/** How long a failed call waits to learn whether the plugin died. */
const EXIT_SETTLE_MS = 500;

const isServiceError = (error: unknown): error is ServiceError =>
  error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';

export async function toCallError(connection: PluginConnection, error: unknown, what: string): Promise<Error> {
  if (!isServiceError(error)) return error instanceof Error ? error : new PluginCallError(String(error));
  const plugin = `plugin ${connection.name}`;
  if (error.code === status.UNAVAILABLE || error.code === status.INTERNAL || error.code === status.CANCELLED) {
    if (await connection.process.waitForExit(EXIT_SETTLE_MS)) return connection.process.exitError();
  }
  const details = error.details || error.message;
  // Our reader refuses large answers itself; a RESOURCE_EXHAUSTED from the
  // plugin means it refused the request (Go plugins take at most 4 MiB).
  if (error.code === status.RESOURCE_EXHAUSTED && error instanceof h2.MessageTooLargeError)
    return new PluginResponseError(`${plugin} answered ${what} with ${details}`, { cause: error });
  return statusCallError(connection.name, error.code, details, what, error);
}

/**
 * The coded error for a call that ended with a gRPC status: what the plugin
 * did not implement, did not answer in time, refused, or its own error's text.
 */
export function statusCallError(name: string, code: number, details: string, what: string, cause?: unknown): ChatkubeError {
  const plugin = `plugin ${name}`;
  const options = cause === undefined ? {} : { cause };
  const coded: Record<number, () => ChatkubeError> = {
    [status.UNIMPLEMENTED]: () => new PluginUnimplementedError(`${plugin} does not implement ${what}`),
    [status.DEADLINE_EXCEEDED]: () => new PluginTimeoutError(`${plugin} did not answer ${what} in time`),
    [status.RESOURCE_EXHAUSTED]: () =>
      new PluginCallError(`${plugin} refused the ${what} request as too large: ${details}`, options),
  };
  return coded[code]?.() ?? new PluginCallError(details, options);
}
