/**
 * Where the audit log lives and how its files rotate: `audit.log` is written,
 * `audit.log.1` is the one before it, up to `audit.log.<keep>`, the oldest.
 */
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir } from './durable-fs.js';

export const AUDIT_FILE = 'audit.log';
const ROTATED = /^audit\.log\.([1-9]\d*)$/;

/** The audit log's directory in a state dir. */
export function auditDir(stateDir: string): string {
  return join(stateDir, 'audit');
}

/** The numbers of the rotated files in `dir`, newest (1) first. */
async function rotatedNumbers(dir: string): Promise<number[]> {
  const numbers: number[] = [];
  for (const name of await readdir(dir)) {
    const n = ROTATED.exec(name)?.[1];
    if (n !== undefined) numbers.push(Number(n));
  }
  return numbers.sort((a, b) => a - b);
}

/** The audit files of `dir`, oldest first, the file being written last (if it exists). */
export async function auditFilesOldestFirst(dir: string): Promise<string[]> {
  const names = (await rotatedNumbers(dir)).reverse().map((n) => `${AUDIT_FILE}.${n}`);
  if ((await readdir(dir)).includes(AUDIT_FILE)) names.push(AUDIT_FILE);
  return names;
}

/**
 * Shifts `audit.log` to `audit.log.1`, `.1` to `.2`, …, removing what would
 * go past `.keep`. Each rename moves a file into a free name, so a crash at
 * any point loses nothing but the files meant to go; gaps it leaves keep the
 * order and close up over the next rotations.
 */
export async function rotateAuditFiles(dir: string, keep: number): Promise<void> {
  for (const n of (await rotatedNumbers(dir)).reverse()) {
    const from = join(dir, `${AUDIT_FILE}.${n}`);
    if (n >= keep) await rm(from, { force: true });
    else await rename(from, join(dir, `${AUDIT_FILE}.${n + 1}`));
  }
  const current = join(dir, AUDIT_FILE);
  if (keep > 0) await rename(current, join(dir, `${AUDIT_FILE}.1`));
  else await rm(current, { force: true });
  await syncDir(dir);
}
