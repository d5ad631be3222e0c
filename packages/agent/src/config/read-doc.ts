/**
 * Reading a parsed document whose shape is not guaranteed: the cross-checks
 * run even where the schema found a value of the wrong type, so that all
 * problems are reported at once; a wrong value reads as absent here.
 */
import { isPlainObject } from './layers.js';

type PlainObject = Record<string, unknown>;

export const mapping = (value: unknown): PlainObject => (isPlainObject(value) ? value : {});
export const entriesOf = (value: unknown): [string, unknown][] => Object.entries(mapping(value));
export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const isEnabled = (value: unknown): boolean => mapping(value).enabled === true;

/** A string that is set: not absent and not empty. */
export const setString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function valueAt(doc: unknown, path: readonly string[]): unknown {
  let node = doc;
  for (const key of path) node = mapping(node)[key];
  return node;
}
