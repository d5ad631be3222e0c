export { type CompiledConfig, compileConfig, type KubernetesConfig, type ResourceConfig } from './config.js';
export type { KubeEvent } from './kube-event.js';
export {
  createKubernetesSource,
  type KubernetesSource,
  type KubernetesSourceOptions,
  kubernetes,
  pluralOf,
  version,
} from './plugin.js';
