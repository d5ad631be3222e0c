export { compileConfig, type KubernetesConfig, type ResourceConfig } from './config.js';
