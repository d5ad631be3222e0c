/**
 * Looks up the part of the schema that describes a key, for the places that
 * need to know what a key should hold before ajv runs: environment
 * overrides (which key a variable means, which type its string becomes).
 */
import type { ConfigPath } from './problems.js';
import { CONFIG_SCHEMA } from './schema.js';

export type SchemaNode = Record<string, unknown>;

const asNode = (value: unknown): SchemaNode | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SchemaNode) : undefined;

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  const target = node?.$ref;
  if (typeof target !== 'string') return node;
  const name = target.replace('#/definitions/', '');
  return asNode(asNode(CONFIG_SCHEMA.definitions)?.[name]);
}

/** The named properties a mapping may hold. */
export function propertyNames(node: SchemaNode | undefined): string[] {
  return Object.keys(asNode(node?.properties) ?? {});
}

/** The schema of the value at `path`, or `undefined` where the schema says nothing. */
export function schemaAt(path: ConfigPath): SchemaNode | undefined {
  let node = resolve(CONFIG_SCHEMA);
  for (const segment of path) {
    if (node === undefined) return undefined;
    if (typeof segment === 'number') {
      node = resolve(asNode(node.items));
      continue;
    }
    const named = asNode(node.properties)?.[segment];
    node = resolve(asNode(named ?? node.additionalProperties));
  }
  return node;
}

/** The JSON types a schema allows (empty: any). */
export function schemaTypes(node: SchemaNode | undefined): string[] {
  const type = node?.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((item): item is string => typeof item === 'string') : [];
}

/** The schema of a list's items. */
export function itemSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  return resolve(asNode(node?.items));
}
