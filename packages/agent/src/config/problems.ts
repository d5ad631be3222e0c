/**
 * What is wrong with a configuration, in one shape for every check (YAML,
 * schema, cross-checks), so that all problems are reported together and
 * each names the file and the key it is about.
 */

/** A key path inside the configuration: map keys, and list indexes as numbers. */
export type ConfigPath = readonly (string | number)[];

/** One thing wrong (or doubtful) in a configuration. */
export interface ConfigProblem {
  /** The file (or `$VARIABLE`) that set the value; absent for chatkube's own defaults. */
  file?: string;
  /** For example `communications.default-group.webchat.channels.ops.bindings.executors[1]`; empty for the file as a whole. */
  path: string;
  /** 1-based line of the value in `file`, where known. */
  line?: number;
  /** 1-based column of the value in `file`, where known. */
  column?: number;
  /** What is wrong, and what was expected. */
  message: string;
  /** Errors stop the agent from starting; warnings are reported and the agent runs. */
  severity: 'error' | 'warning';
}

/** A problem found on the merged document, before it is traced back to a file. */
export interface PathProblem {
  at: ConfigPath;
  message: string;
  severity: 'error' | 'warning';
}

/** Writes a path as people read it: `a.b[1].c`. */
export function formatPath(path: ConfigPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** One line per problem: `<file>: <path>: <message>`, the parts that are known. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems
    .map((problem) => {
      const where = [problem.file, problem.path].filter((part) => part !== undefined && part !== '').join(': ');
      // A path-less problem (a YAML syntax error) says its line in the message already.
      const line = problem.line !== undefined && problem.path !== '' ? ` (line ${problem.line})` : '';
      return `${where === '' ? '' : `${where}: `}${problem.message}${line}`;
    })
    .join('\n');
}

const MAX_SHOWN = 40;

/**
 * Describes a value for "…, got <this>": its kind, and the value itself when
 * it is short and not a secret.
 */
export function describeValue(value: unknown, secret = false): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (secret) return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return `a string (${JSON.stringify(shown)})`;
  }
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `${value}`;
  return `a ${typeof value}`;
}

/** Lists names for a message, the first few only. */
export function listNames(names: Iterable<string>, max = 8): string {
  const all = [...names];
  if (all.length === 0) return '(none)';
  const shown = all.slice(0, max).join(', ');
  return all.length > max ? `${shown}, … (${all.length} in all)` : shown;
}
