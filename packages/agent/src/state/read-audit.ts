/**
 * Reads the audit log back, oldest entry first, across its rotated files: for
 * tests and for `chatkube audit`. It may run while an agent writes the log:
 * a line being written then shows as torn, and a rotation during the read can
 * skip or repeat one file's entries.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditFileError } from '../errors.js';
import { parseAuditLine } from './audit-entry.js';
import { auditDir, auditFilesOldestFirst } from './audit-files.js';
import type { AuditEntry } from './types.js';

export interface ReadAuditOptions {
  /** Only entries whose `time` is at or after this. */
  since?: Date;
  /** Only the newest `limit` entries (still oldest first). */
  limit?: number;
}

/** A last line without its newline that is not a whole entry: a crash (or a write under way) cut it. */
export interface TornAuditLine {
  file: string;
  /** 1-based. */
  line: number;
  bytes: number;
}

export interface AuditReadResult {
  entries: AuditEntry[];
  torn: TornAuditLine[];
}

/**
 * The entries of the audit log of `stateDir`. A torn last line is reported
 * in `torn`, not fatal; any other line that is not an entry throws
 * `CHATKUBE_ERR_AUDIT_FILE` naming the file and line. No log yet: no entries.
 */
export async function readAudit(stateDir: string, { since, limit }: ReadAuditOptions = {}): Promise<AuditReadResult> {
  const sinceMs = since?.getTime();
  if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw new RangeError('readAudit: since is an invalid Date');
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new RangeError(`readAudit: limit must be an integer ≥ 0, not ${limit}`);
  }
  const dir = auditDir(stateDir);
  const result: AuditReadResult = { entries: [], torn: [] };
  const names = await auditFilesOldestFirst(dir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AuditFileError(`Audit log dir ${dir} cannot be read: ${(error as Error).message}.`, { cause: error });
  });
  for (const name of names) {
    const file = join(dir, name);
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      // Rotated away between the listing and now.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw new AuditFileError(`Audit log ${file} cannot be read: ${(error as Error).message}. Move it away.`, { cause: error });
    });
    readLines(file, text, result, sinceMs);
  }
  if (limit !== undefined) result.entries = limit === 0 ? [] : result.entries.slice(-limit);
  return result;
}

function readLines(file: string, text: string, result: AuditReadResult, sinceMs: number | undefined): void {
  const lines = text.split('\n');
  // After the last newline: empty when the file ends with one.
  const last = lines.pop() ?? '';
  lines.forEach((line, index) => {
    const entry = parseAuditLine(line);
    if (typeof entry === 'string') {
      throw new AuditFileError(
        `Audit log ${file} line ${index + 1} is not an audit entry: ${entry}. Fix the line or move the file away to read the others.`,
      );
    }
    if (sinceMs === undefined || Date.parse(entry.time) >= sinceMs) result.entries.push(entry);
  });
  if (last === '') return;
  const entry = parseAuditLine(last);
  if (typeof entry === 'string') result.torn.push({ file, line: lines.length + 1, bytes: Buffer.byteLength(last) });
  else if (sinceMs === undefined || Date.parse(entry.time) >= sinceMs) result.entries.push(entry);
}
