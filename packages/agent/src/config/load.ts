/**
 * Loads the agent's configuration as Botkube does, with chatkube's
 * defaults: defaults, then each file (`_`-files last), then environment
 * overrides; then the schema and the cross-checks, every problem reported
 * at once with its file, key path and line; then the normalised `Config`.
 */
import { ConfigInvalidError } from '../errors.js';
import { withBotkubeSpellings } from './botkube-spellings.js';
import { baseDefaults, embeddedDefaultConfig, type RawConfig } from './defaults.js';
import { applyEnvOverrides } from './env-overrides.js';
import { LayeredDocument } from './layers.js';
import { normaliseConfig } from './normalise.js';
import { type ConfigProblem, formatPath, formatProblems, type PathProblem } from './problems.js';
import { readConfigFiles } from './read-files.js';
import { checkSchema } from './schema-check.js';
import type { Config } from './types.js';
import { validateConfig } from './validate.js';

export interface LoadOptions {
  /** Configuration files in the order given (later wins); files named `_…` are read last. None: the embedded default. */
  files: readonly string[];
  /** Where `CHATKUBE_…` and `BOTKUBE_…` overrides are read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** More defaults, merged over chatkube's base defaults and under the files. */
  defaults?: object;
}

export interface LoadResult {
  config: Config;
  /** What is doubtful but did not stop the load: unknown keys, platforms not supported yet, … */
  warnings: ConfigProblem[];
}

/** Traces a problem on the merged document back to the layer that set the key. */
function locate(problem: PathProblem, document: LayeredDocument): ConfigProblem {
  const layer = document.originOf(problem.at);
  const position = layer?.locate?.(problem.at);
  return {
    ...(layer?.name === undefined ? {} : { file: layer.name }),
    path: formatPath(problem.at),
    ...(position === undefined ? {} : { line: position.line, column: position.column }),
    message: problem.message,
    severity: problem.severity,
  };
}

/** Errors first, then warnings; each file's problems together, in the order of their lines. */
function sorted(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const files = [...new Set(problems.map((problem) => problem.file))];
  const rank = (problem: ConfigProblem) => [
    problem.severity === 'error' ? 0 : 1,
    files.indexOf(problem.file),
    problem.line ?? Number.MAX_SAFE_INTEGER,
  ];
  return [...problems].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    const i = x.findIndex((value, j) => value !== y[j]);
    return i < 0 ? 0 : (x[i] ?? 0) - (y[i] ?? 0);
  });
}

function invalid(problems: ConfigProblem[]): ConfigInvalidError {
  const all = sorted(problems);
  const errors = all.filter((problem) => problem.severity === 'error');
  const warnings = all.filter((problem) => problem.severity === 'warning');
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [`the configuration is not valid (${count(errors.length, 'error')}):`, formatProblems(errors)];
  if (warnings.length > 0) lines.push(`and ${count(warnings.length, 'warning')}:`, formatProblems(warnings));
  return new ConfigInvalidError(lines.join('\n'), all);
}

/**
 * Loads, merges, checks and normalises the configuration.
 *
 * @throws ConfigInvalidError (`CHATKUBE_ERR_CONFIG_INVALID`) listing every
 * problem when a file cannot be read or parsed, or anything is an error.
 * @example
 * const { config, warnings } = loadConfig({ files: ['config.yaml'], env: process.env });
 */
export function loadConfig(options: LoadOptions): LoadResult {
  const { layers, problems } = readConfigFiles(options.files);
  // A file that could not be read would make its groups look missing everywhere else: stop here.
  if (problems.some((problem) => problem.severity === 'error')) throw invalid(problems);

  const document = new LayeredDocument();
  document.add({ doc: options.files.length === 0 ? embeddedDefaultConfig() : baseDefaults() });
  if (options.defaults !== undefined) document.add({ doc: structuredClone(options.defaults) as RawConfig });
  for (const layer of layers) document.add(withBotkubeSpellings(layer));
  problems.push(...applyEnvOverrides(options.env ?? process.env, document));

  const found = [...checkSchema(document.doc), ...validateConfig(document.doc)];
  problems.push(...found.map((problem) => locate(problem, document)));
  if (problems.some((problem) => problem.severity === 'error')) throw invalid(problems);
  return { config: normaliseConfig(document.doc), warnings: sorted(problems) };
}
