/** Shared by the config tests: fixture paths, throw-away config files, and finding a problem by its path. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConfigProblem, type LoadOptions, loadConfig } from '../src/config/index.js';
import { ConfigInvalidError } from '../src/errors.js';

/** `packages/agent/test/fixtures/config/`, from the compiled test in `dist/test/`. */
export const FIXTURES = fileURLToPath(new URL('../../test/fixtures/config/', import.meta.url));
export const fixture = (name: string): string => join(FIXTURES, name);

/** A directory for config files written by a test; removed by `cleanup`. */
export function configDir(): { write: (name: string, text: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'chatkube-config-'));
  return {
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Loads what must fail, and returns the error. */
export function loadInvalid(options: LoadOptions): ConfigInvalidError {
  try {
    loadConfig({ env: {}, ...options });
  } catch (error) {
    assert.ok(error instanceof ConfigInvalidError, `expected a ConfigInvalidError, got ${String(error)}`);
    assert.equal(error.code, 'CHATKUBE_ERR_CONFIG_INVALID');
    return error;
  }
  assert.fail('the configuration loaded, but it should not have');
}

/** The one problem at `path`. */
export function problemAt(problems: readonly ConfigProblem[], path: string): ConfigProblem {
  const found = problems.filter((problem) => problem.path === path);
  assert.equal(
    found.length,
    1,
    `expected one problem at ${path}, got:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`,
  );
  return found[0] as ConfigProblem;
}

/** The value at `keys` in a raw document. */
export function rawAt(doc: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}
