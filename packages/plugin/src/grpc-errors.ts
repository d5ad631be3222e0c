import { ChatkubeError } from '@chatkube/api';
import * as h2 from '@chatkube/proto/h2';

const { GrpcStatusError, Status } = h2;

/**
 * The status a handler's error ends its call with. Go plugins answer a plain
 * error with UNKNOWN and its text, which hosts show to the user; so do we,
 * except for a bad config, which is the caller's fault, and an error that
 * already is a status.
 */
export function toStatusError(error: unknown): h2.GrpcStatusError {
  if (error instanceof GrpcStatusError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const isConfig = error instanceof ChatkubeError && error.code === 'CHATKUBE_ERR_PLUGIN_CONFIG';
  return new GrpcStatusError(isConfig ? Status.INVALID_ARGUMENT : Status.UNKNOWN, message);
}
