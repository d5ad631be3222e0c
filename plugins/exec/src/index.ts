export { type ExecRequest, parseExecCommand } from './command.js';
export {
  type CheckedConfig,
  defaultCacheDir,
  type ExecConfig,
  execConfig,
  schema,
  type Tool,
  type ToolConfig,
  type ToolDownload,
} from './config.js';
export { ExecConfigError, ExecRefusedError, ToolChecksumError, ToolDownloadError, ToolFailedError } from './errors.js';
export { hostPlatform } from './platform.js';
export { createExec, type ExecExecutor, exec, version } from './plugin.js';
