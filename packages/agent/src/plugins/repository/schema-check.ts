/**
 * Checks a plugin's JSON schema as Botkube's index builder does: it must be
 * an object, valid against the draft-07 meta-schema whatever its `$schema`
 * says (Botkube's own plugins declare draft-04 and are checked as draft-07).
 */
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema';
const require = createRequire(import.meta.url);
let metaSchema: ValidateFunction | undefined;

/** What is wrong with `value` (JSON text, or the schema itself), or undefined when nothing is. */
export function schemaProblem(value: string | object): string | undefined {
  let schema: unknown = value;
  if (typeof value === 'string') {
    try {
      schema = JSON.parse(value);
    } catch (error) {
      return `it is not JSON: ${(error as Error).message}`;
    }
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    return `a JSON schema is an object, not ${Array.isArray(schema) ? 'a list' : JSON.stringify(schema)}`;
  // ajv is loaded by the index builder only, never by the agent.
  if (!metaSchema) {
    const { Ajv } = require('ajv') as typeof import('ajv');
    metaSchema = new Ajv({ allErrors: true, strict: false }).getSchema(DRAFT_07) as ValidateFunction;
  }
  if (metaSchema(schema)) return undefined;
  return (metaSchema.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`).join('; ');
}
