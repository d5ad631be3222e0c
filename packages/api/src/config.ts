import { PluginConfigError } from './errors.js';

type PlainObject = Record<string, unknown>;

const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

function mergeInto(target: PlainObject, source: PlainObject): PlainObject {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const current = target[key];
    target[key] = isPlainObject(value) && isPlainObject(current) ? mergeInto({ ...current }, value) : structuredClone(value);
  }
  return target;
}

/**
 * Merges a plugin's configs as Botkube's plugins do: `defaults` first, then
 * each config in order, later values winning; objects merge key by key at
 * every depth, arrays and scalars are replaced whole. Inputs are not modified.
 *
 * The configs are parsed documents: the plugin SDK parses each `rawYAML` once
 * and hands them over in `ExecuteInput.configs`.
 *
 * @example
 * const config = mergeConfigs({ changeResponseToUpperCase: false }, input.configs);
 */
export function mergeConfigs<T extends object>(defaults: T, configs: readonly unknown[]): T {
  let merged: PlainObject = structuredClone(defaults) as PlainObject;
  for (const config of configs) {
    if (config === null || config === undefined) continue;
    if (!isPlainObject(config)) {
      throw new PluginConfigError(
        `a plugin config must be a mapping of keys to values, got ${Array.isArray(config) ? 'a list' : typeof config}`,
      );
    }
    merged = mergeInto(merged, config);
  }
  return merged as T;
}
