/**
 * Checks the `config` of every entry of a plugin against the JSON schema its
 * Metadata gives, when it starts: a config the plugin would misread is an
 * error naming the group, the plugin and the path, rather than a surprise
 * at the first command. Botkube never checked them.
 */
import { createRequire } from 'node:module';
import type { JsonSchema, PluginMetadata } from '@chatkube/api';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Config, PluginRef } from '../config/types.js';
import { PluginConfigInvalidError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { PluginInstance, PluginKind } from './runtime.js';

const require = createRequire(import.meta.url);
/** Compiled schemas by their text: the same plugin starts again after a restart. */
const compiled = new Map<string, ValidateFunction | string>();

/** The schema's validator, or why it cannot be used (reported as a warning by the caller). */
function validatorOf(schema: JsonSchema): ValidateFunction | string {
  if (schema.value === undefined) return 'the schema is given by reference only (refURL), which chatkube does not fetch';
  const text = typeof schema.value === 'string' ? schema.value : JSON.stringify(schema.value);
  let validate = compiled.get(text);
  if (validate === undefined) {
    try {
      // ajv only where a plugin has a schema: the agent does not load it otherwise.
      const { Ajv } = require('ajv') as typeof import('ajv');
      validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(text) as object);
    } catch (error) {
      validate = `its JSON schema cannot be used: ${error instanceof Error ? error.message : String(error)}`;
    }
    compiled.set(text, validate);
  }
  return validate;
}

/** The plugin's schema cannot check its configs; they go unchecked, and the log says why. */
class SchemaUnusableError extends Error {}

const describe = (error: ErrorObject): string => {
  const where = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
      : '';
  return `${where ? `.${where}` : ''}: ${error.message ?? error.keyword}${extra}`;
};

/**
 * Every problem of the configs of `ref`'s entries, as `executors.<group>.<key>.config<.path>: <what>`.
 * An entry without `config` is not checked: the plugin's defaults apply.
 */
export function configProblems(kind: PluginKind, ref: PluginRef, schema: JsonSchema | undefined, config: Config): string[] {
  if (!schema) return [];
  const validate = validatorOf(schema);
  if (typeof validate === 'string') throw new SchemaUnusableError(validate);
  const groups = kind === 'executor' ? config.executors : config.sources;
  const problems: string[] = [];
  for (const group of groups)
    for (const entry of group.plugins)
      if (entry.key === ref.key && entry.enabled && entry.config !== undefined && !validate(entry.config))
        for (const error of validate.errors ?? []) problems.push(`${kind}s.${group.name}.${entry.key}.config${describe(error)}`);
  return problems;
}

/**
 * Reads the plugin's schema and checks its configs; throws `CHATKUBE_ERR_PLUGIN_CONFIG_INVALID`
 * listing every problem. A plugin that does not answer Metadata is not checked (and said so).
 */
export async function checkPluginConfigs(
  kind: PluginKind,
  ref: PluginRef,
  instance: PluginInstance,
  config: Config,
  logger: Logger,
): Promise<void> {
  // Nothing to check (no entry sets a config): no Metadata call, and ajv stays unloaded (about 13 MiB).
  const groups = kind === 'executor' ? config.executors : config.sources;
  if (!groups.some((group) => group.plugins.some((e) => e.key === ref.key && e.enabled && e.config !== undefined))) return;
  let metadata: PluginMetadata;
  try {
    metadata = kind === 'executor' ? await instance.executor.metadata() : await instance.source.metadata();
  } catch (error) {
    logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'plugin gave no metadata; its config is not checked against a schema',
    );
    return;
  }
  let problems: string[];
  try {
    problems = configProblems(kind, ref, metadata.jsonSchema, config);
  } catch (error) {
    if (!(error instanceof SchemaUnusableError)) throw error;
    logger.warn({ reason: error.message }, "plugin's config is not checked: its schema cannot be used");
    return;
  }
  if (problems.length > 0)
    throw new PluginConfigInvalidError(`plugin ${ref.key}: its config does not match its JSON schema: ${problems.join('; ')}`);
}
