/**
 * Reads configuration files into layers: in the order given, except that
 * files whose name starts with `_` (Botkube's runtime and startup state)
 * come last; each parsed as YAML 1.2, with every syntax error reported with
 * its line and column.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { ConfigLayer } from './layers.js';
import { isPlainObject } from './layers.js';
import { type ConfigPath, type ConfigProblem, describeValue } from './problems.js';

/** Botkube's rule: `_`-files hold state written at run time, so they override what was written by hand. */
export function orderConfigFiles(files: readonly string[]): string[] {
  const isStateFile = (file: string) => basename(file).startsWith('_');
  return [...files.filter((file) => !isStateFile(file)), ...files.filter(isStateFile)];
}

function readText(file: string): string | ConfigProblem {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    return { file, path: '', message: `cannot read the configuration file: ${reason}`, severity: 'error' };
  }
}

/** Parses one file; a file with nothing in it is an empty layer. */
export function parseConfigFile(file: string, text: string): { layer?: ConfigLayer; problems: ConfigProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const problems: ConfigProblem[] = [];
  for (const [severity, list] of [
    ['error', doc.errors],
    ['warning', doc.warnings],
  ] as const) {
    for (const error of list) {
      const { line, column } = at(error.pos[0]);
      const reason = error.message.split('\n')[0] ?? error.code;
      problems.push({
        file,
        path: '',
        line,
        column,
        message: `${severity === 'error' ? 'invalid' : 'doubtful'} YAML at line ${line}, column ${column}: ${reason}`,
        severity,
      });
    }
  }
  if (doc.errors.length > 0) return { problems };

  let content: unknown;
  try {
    content = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // Too many aliases (a "billion laughs" document) or an alias to nothing.
    problems.push({ file, path: '', message: `cannot read the YAML: ${(error as Error).message}`, severity: 'error' });
    return { problems };
  }
  if (content === null || content === undefined) return { layer: { name: file, doc: {} }, problems };
  if (!isPlainObject(content)) {
    problems.push({
      file,
      path: '',
      message: `expected a mapping of top-level keys (communications, executors, sources, settings, …), got ${describeValue(content)}`,
      severity: 'error',
    });
    return { problems };
  }
  return { layer: { name: file, doc: content, locate: (path) => at(offsetOf(doc.contents, path)) }, problems };
}

const startOf = (node: unknown): number | undefined =>
  (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];

/** Where `path` is written: its key in a mapping, its item in a list, or the nearest enclosing one. */
function offsetOf(root: unknown, path: ConfigPath): number {
  let node = root;
  let offset = startOf(root) ?? 0;
  for (const segment of path) {
    let next: unknown;
    let start: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      start = startOf(pair?.key);
      next = pair?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
      start = startOf(next);
    }
    if (start === undefined) break;
    offset = start;
    node = next;
  }
  return offset;
}

/** Reads every file (all of them, so that every problem is reported at once). */
export function readConfigFiles(files: readonly string[]): { layers: ConfigLayer[]; problems: ConfigProblem[] } {
  const layers: ConfigLayer[] = [];
  const problems: ConfigProblem[] = [];
  for (const file of orderConfigFiles(files)) {
    const text = readText(file);
    if (typeof text !== 'string') {
      problems.push(text);
      continue;
    }
    const parsed = parseConfigFile(file, text);
    problems.push(...parsed.problems);
    if (parsed.layer !== undefined) layers.push(parsed.layer);
  }
  return { layers, problems };
}
