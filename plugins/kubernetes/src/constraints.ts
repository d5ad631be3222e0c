/** Include/exclude lists of exact values or regexes, matched as Botkube's RegexConstraints.IsAllowed. */
import { KubernetesConfigError } from './errors.js';

/** A value passes when no exclude entry matches and some include entry does. */
export interface MatchConstraints {
  allows(value: string): boolean;
}

interface Entry {
  exact: string;
  regex: RegExp;
}

// Go's regexp takes leading flag groups such as (?i); JavaScript takes flags.
const LEADING_FLAGS = /^\(\?([imsU]+)\)/;

/** Compiles a Go (RE2) regex as a JavaScript one, unanchored as Go's MatchString. */
function compileRegex(pattern: string, where: string): RegExp {
  let source = pattern;
  let flags = 'u';
  const leading = LEADING_FLAGS.exec(source);
  if (leading) {
    source = source.slice(leading[0].length);
    for (const flag of leading[1] as string) if (flag !== 'U' && !flags.includes(flag)) flags += flag;
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new KubernetesConfigError(`${where}: ${JSON.stringify(pattern)} is not a valid regex: ${(error as Error).message}`);
  }
}

function compileList(list: unknown, where: string): Entry[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new KubernetesConfigError(`${where}: must be a list of values or regexes`);
  return list.flatMap((item, index): Entry[] => {
    if (typeof item !== 'string')
      throw new KubernetesConfigError(`${where}[${index}]: must be a string, got ${JSON.stringify(item)}`);
    if (item.trim() === '') return [];
    return [{ exact: item, regex: compileRegex(item, `${where}[${index}]`) }];
  });
}

const matches = (entry: Entry, value: string): boolean => entry.exact === value || entry.regex.test(value);

/**
 * Compiles `{include, exclude}`; undefined when neither lists anything
 * (no constraint: everything passes). Throws KubernetesConfigError naming
 * the entry that is not a string or not a valid regex.
 */
export function compileConstraints(value: unknown, where: string): MatchConstraints | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new KubernetesConfigError(`${where}: must be a mapping with include and/or exclude lists`);
  const { include, exclude } = value as { include?: unknown; exclude?: unknown };
  const includes = compileList(include, `${where}.include`);
  const excludes = compileList(exclude, `${where}.exclude`);
  if (includes.length === 0 && excludes.length === 0) return undefined;
  return {
    allows(candidate: string): boolean {
      if (excludes.some((entry) => matches(entry, candidate))) return false;
      return includes.some((entry) => matches(entry, candidate));
    },
  };
}
