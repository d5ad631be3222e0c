export { type HelmRequest, parseHelmCommand } from './command.js';
export { defaults, type HelmConfig, type HelmDriver, helmConfig, schema } from './config.js';
export { HelmCommandRefusedError, HelmConfigError, HelmFailedError, HelmNotInstalledError } from './errors.js';
export { helm, version } from './plugin.js';
