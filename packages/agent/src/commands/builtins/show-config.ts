/** `show config`: the loaded configuration as YAML, secrets redacted. */
import { codeBlock, type Message } from '@chatkube/api';
import { stringify } from 'yaml';
import { redactConfig } from '../../config/index.js';
import type { BuiltinDeps } from './context.js';

export function showConfig(_request: unknown, deps: BuiltinDeps): Message {
  return codeBlock(stringify(redactConfig(deps.config.raw), { sortMapEntries: true }).trimEnd());
}
