/** Key paths with `*` for any one key, to name places in a configuration: secrets, unused keys. */
import type { ConfigPath } from './problems.js';

export type PathPattern = readonly string[];

export const ANY_KEY = '*';

const segmentMatches = (part: string, segment: string | number | undefined) => part === ANY_KEY || part === segment;

/** Whether `path` is the place `pattern` names. */
export function isAt(pattern: PathPattern, path: ConfigPath): boolean {
  return pattern.length === path.length && pattern.every((part, i) => segmentMatches(part, path[i]));
}

/** Whether `path` is the place `pattern` names or lies under it. */
export function isUnder(pattern: PathPattern, path: ConfigPath): boolean {
  return pattern.length <= path.length && pattern.every((part, i) => segmentMatches(part, path[i]));
}
