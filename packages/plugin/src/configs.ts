import { parse } from 'yaml';
import { ConfigYamlError } from './errors.js';

/** Parses each config block's YAML once, naming the block that is not valid. */
export function parseConfigs(configs: readonly { rawYAML: Uint8Array }[]): unknown[] {
  return configs.map((config, index) => {
    const text = Buffer.from(config.rawYAML).toString('utf8');
    try {
      return parse(text) ?? {};
    } catch (error) {
      throw new ConfigYamlError(`config ${index + 1} of ${configs.length} is not valid YAML: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
}
