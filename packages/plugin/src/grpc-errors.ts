import { ChatkubeError } from '@chatkube/api';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';

/** A gRPC status error with `details` as the text the host shows. */
export function serviceError(code: status, details: string): ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new Metadata() });
}

/**
 * A plugin's error as a gRPC status. Go plugins answer a plain error with
 * UNKNOWN and its text, which hosts show to the user; so do we, except for a
 * bad config, which is the caller's fault.
 */
export function toServiceError(error: unknown): ServiceError {
  const message = error instanceof Error ? error.message : String(error);
  const isConfig = error instanceof ChatkubeError && error.code === 'CHATKUBE_ERR_PLUGIN_CONFIG';
  return serviceError(isConfig ? status.INVALID_ARGUMENT : status.UNKNOWN, message);
}
