/** metav1.Status failures as the real API server words them, and the error that carries one. */
import type { ResourceType } from './types.js';

/** A metav1.Status object. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message: string; field?: string }[] };
  code: number;
}

/** A failed API call: thrown by the store and turned into an HTTP answer by the router. */
export class KubeStatusError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message);
    this.name = 'KubeStatusError';
    this.status = status;
  }
  get code(): number {
    return this.status.code;
  }
}

function failure(code: number, reason: string, message: string, details?: Status['details']): KubeStatusError {
  return new KubeStatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  });
}

/** `group` for Status details: only named for non-core groups, as the apiserver does. */
function detailsOf(type: ResourceType, name?: string): Status['details'] {
  return { ...(name === undefined ? {} : { name }), ...(type.group === '' ? {} : { group: type.group }), kind: type.resource };
}

/** `pods "x"` or `deployments.apps "x"`: how the apiserver names a resource in messages. */
export function qualifiedName(type: ResourceType): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

export const notFound = (type: ResourceType, name: string) =>
  failure(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, detailsOf(type, name));

export const alreadyExists = (type: ResourceType, name: string) =>
  failure(409, 'AlreadyExists', `${qualifiedName(type)} "${name}" already exists`, detailsOf(type, name));

export const conflict = (type: ResourceType, name: string) =>
  failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(type, name),
  );

export const badRequest = (message: string) => failure(400, 'BadRequest', message);

export const invalid = (type: ResourceType, name: string, field: string, message: string) =>
  failure(422, 'Invalid', `${type.kind} "${name}" is invalid: ${field}: ${message}`, {
    ...detailsOf(type, name),
    kind: type.kind,
    causes: [{ reason: 'FieldValueInvalid', message, field }],
  });

export const pathNotFound = () => failure(404, 'NotFound', 'the server could not find the requested resource');

export const methodNotAllowed = (method: string, what: string) =>
  failure(405, 'MethodNotAllowed', `${method} is not supported on ${what}`);

export const unsupportedMediaType = (contentType: string) =>
  failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format: ${contentType}`);

export const expired = (message: string) => failure(410, 'Expired', message);

export const forbidden = (message: string, type: ResourceType, name: string | undefined) =>
  failure(403, 'Forbidden', message, detailsOf(type, name));

export const internalError = (message: string) => failure(500, 'InternalError', `Internal error occurred: ${message}`);
