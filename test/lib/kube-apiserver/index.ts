/** The test Kubernetes API server: see {@link KubeApiServer}. */

export { BUILTIN_RESOURCES, resourceKeyOf } from './resources.js';
export { KubeApiServer, type KubeconfigOptions, type PatchType } from './server.js';
export { KubeStatusError, type Status } from './status.js';
export type * from './types.js';
