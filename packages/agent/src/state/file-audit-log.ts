/**
 * The audit log as JSON lines in `<stateDir>/audit/audit.log`, rotated by
 * size. Entries appended while a write is under way go to disk together in
 * the next write and fsync (group commit), so eight concurrent commands cost
 * two fsyncs, not eight. Entries waiting for the disk are bounded: past the
 * bound, appends are refused rather than held in memory.
 */
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditClosedError, AuditFileError, AuditQueueFullError, AuditWriteError, StateDirError } from '../errors.js';
import type { Logger } from '../logging.js';
import { silentLogger } from '../logging.js';
import { DEFAULT_MAX_COMMAND_CHARS, formatAuditLine } from './audit-entry.js';
import { AUDIT_FILE, auditDir, rotateAuditFiles } from './audit-files.js';
import { DirLock } from './dir-lock.js';
import { syncDir } from './durable-fs.js';
import type { AuditEntry, AuditLog } from './types.js';

export const DEFAULT_AUDIT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_AUDIT_KEEP_FILES = 5;
export const DEFAULT_AUDIT_MAX_QUEUED = 1000;

export interface FileAuditLogOptions {
  /** `settings.stateDir`; the log goes to its `audit/` folder, created (mode 0700) if missing. */
  stateDir: string;
  /** `audit.log` is rotated before it would grow past this; default 10 MiB. */
  maxFileBytes?: number;
  /** Rotated files kept, `audit.log.1` … `audit.log.<keep>`; default 5, 0 keeps none. */
  keepFiles?: number;
  /** Entries accepted but not yet durable; default 1000. Past it, appends fail with `CHATKUBE_ERR_AUDIT_QUEUE_FULL`. */
  maxQueuedEntries?: number;
  /** The longest `command` (and `error`) kept per entry; default 4096 characters. */
  maxCommandChars?: number;
  logger?: Logger;
}

/** Counts since the log was opened, for metrics and tests. */
export interface AuditLogStats {
  /** Entries made durable. */
  entries: number;
  /** Writes, each followed by one fsync. */
  writes: number;
  rotations: number;
  /** Appends refused because the queue was full. */
  refused: number;
}

interface PendingEntry {
  line: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Scanned backwards in blocks of this size for the end of the last whole line. */
const TAIL_BLOCK = 64 * 1024;

function positiveInteger(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`FileAuditLog: ${name} must be an integer ≥ ${min}, not ${value}`);
  return value;
}

/** An {@link AuditLog} in `<stateDir>/audit/`. Open it with {@link FileAuditLog.open}. */
export class FileAuditLog implements AuditLog {
  readonly file: string;
  readonly #stats: AuditLogStats = { entries: 0, writes: 0, rotations: 0, refused: 0 };
  #handle: FileHandle | undefined;
  #size = 0;
  #pending: PendingEntry[] = [];
  /** Accepted, not yet settled: pending and being written. */
  #queued = 0;
  #refusing = false;
  #flushing: Promise<void> | undefined;
  #closed = false;

  private constructor(
    readonly dir: string,
    private readonly lock: DirLock,
    private readonly limits: { maxFileBytes: number; keepFiles: number; maxQueuedEntries: number; maxCommandChars: number },
    private readonly logger: Logger,
  ) {
    this.file = join(dir, AUDIT_FILE);
  }

  /**
   * Opens the log of a state dir under its lock, first cutting off a torn
   * last line a crash left (it was never acknowledged).
   */
  static async open(options: FileAuditLogOptions): Promise<FileAuditLog> {
    const limits = {
      maxFileBytes: positiveInteger('maxFileBytes', options.maxFileBytes ?? DEFAULT_AUDIT_MAX_FILE_BYTES, 1),
      keepFiles: positiveInteger('keepFiles', options.keepFiles ?? DEFAULT_AUDIT_KEEP_FILES, 0),
      maxQueuedEntries: positiveInteger('maxQueuedEntries', options.maxQueuedEntries ?? DEFAULT_AUDIT_MAX_QUEUED, 1),
      maxCommandChars: positiveInteger('maxCommandChars', options.maxCommandChars ?? DEFAULT_MAX_COMMAND_CHARS, 1),
    };
    const logger = (options.logger ?? silentLogger).child({ part: 'audit' });
    const dir = auditDir(options.stateDir);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StateDirError(`Audit log dir ${dir} cannot be created: ${(error as Error).message}. Check settings.stateDir.`, {
        cause: error,
      });
    }
    const lock = await DirLock.acquire(dir, { label: 'Audit log dir', logger });
    const log = new FileAuditLog(dir, lock, limits, logger);
    try {
      const dropped = await cutTornTail(log.file);
      if (dropped > 0) logger.warn({ file: log.file, bytes: dropped }, 'cut off a torn last line a crash left in the audit log');
      await log.#openFile();
    } catch (error) {
      await lock.release();
      throw error;
    }
    return log;
  }

  get stats(): Readonly<AuditLogStats> {
    return { ...this.#stats };
  }

  append(entry: AuditEntry): Promise<void> {
    if (this.#closed)
      return Promise.reject(new AuditClosedError(`The audit log ${this.file} is closed; the entry was not recorded.`));
    if (this.#queued >= this.limits.maxQueuedEntries) {
      this.#stats.refused++;
      if (!this.#refusing) {
        this.#refusing = true;
        this.logger.error(
          { file: this.file, queued: this.#queued },
          'the audit log cannot keep up with the disk; refusing entries',
        );
      }
      return Promise.reject(
        new AuditQueueFullError(
          `The audit log ${this.file} has ${this.#queued} entries waiting for the disk; this one was refused. Check the disk.`,
        ),
      );
    }
    const line = Buffer.from(formatAuditLine(entry, this.limits.maxCommandChars), 'utf8');
    this.#queued++;
    return new Promise((resolve, reject) => {
      this.#pending.push({ line, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    await this.#handle?.close();
    this.#handle = undefined;
    await this.lock.release();
  }

  async #openFile(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'a', 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
      throw new AuditFileError(`Audit log ${this.file} cannot be opened: ${why}. Move it away.`, { cause: error });
    }
    this.#handle = handle;
    this.#size = (await handle.stat()).size;
    // The file may be new: its name must survive a crash as its lines do.
    await syncDir(this.dir);
  }

  async #flush(): Promise<void> {
    // Let the appends called in the same tick join the first write.
    await null;
    try {
      while (this.#pending.length > 0) await this.#writeBatch(this.#pending.splice(0));
    } finally {
      this.#flushing = undefined;
    }
  }

  /** Writes `batch` in as few chunks as rotation allows, each made durable before its entries resolve. */
  async #writeBatch(batch: PendingEntry[]): Promise<void> {
    let next = 0;
    try {
      while (next < batch.length) {
        if (!this.#handle) await this.#openFile();
        const first = batch[next] as PendingEntry;
        if (this.#size > 0 && this.#size + first.line.length > this.limits.maxFileBytes) await this.#rotate();
        const chunk = [first];
        let bytes = first.line.length;
        for (let entry = batch[next + 1]; entry && this.#size + bytes + entry.line.length <= this.limits.maxFileBytes; ) {
          chunk.push(entry);
          bytes += entry.line.length;
          entry = batch[next + chunk.length];
        }
        await this.#writeChunk(chunk, bytes);
        next += chunk.length;
        this.#settle(chunk);
      }
    } catch (cause) {
      const error = new AuditWriteError(`Cannot write to the audit log ${this.file}: ${(cause as Error).message}.`, { cause });
      this.logger.error({ err: cause, file: this.file }, 'audit entries not written');
      this.#settle(batch.slice(next), error);
    }
  }

  async #writeChunk(chunk: PendingEntry[], bytes: number): Promise<void> {
    const handle = this.#handle as FileHandle;
    const data = Buffer.concat(
      chunk.map((entry) => entry.line),
      bytes,
    );
    try {
      for (let written = 0; written < data.length; ) {
        written += (await handle.write(data, written, data.length - written, null)).bytesWritten;
      }
      await handle.datasync();
    } catch (error) {
      // Cut what part of the chunk got in, so the next line does not join a torn one; failing that, reopen (which cuts it).
      await handle.truncate(this.#size).catch(async () => {
        this.#handle = undefined;
        await handle.close().catch(() => undefined);
      });
      throw error;
    }
    this.#size += data.length;
    this.#stats.writes++;
    this.#stats.entries += chunk.length;
  }

  async #rotate(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
    await rotateAuditFiles(this.dir, this.limits.keepFiles);
    this.#stats.rotations++;
    await this.#openFile();
  }

  #settle(entries: PendingEntry[], error?: unknown): void {
    this.#queued -= entries.length;
    if (this.#queued < this.limits.maxQueuedEntries) this.#refusing = false;
    for (const entry of entries) {
      if (error === undefined) entry.resolve();
      else entry.reject(error);
    }
  }
}

/** Cuts `path` after its last newline; returns how many bytes went. A missing file is fine. */
async function cutTornTail(path: string): Promise<number> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 0;
    const why = code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new AuditFileError(`Audit log ${path} cannot be opened: ${why}. Move it away.`, { cause: error });
  }
  try {
    const { size } = await handle.stat();
    const block = Buffer.alloc(Math.min(TAIL_BLOCK, size));
    let keep = 0;
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const newline = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        keep = start + newline + 1;
        break;
      }
      end = start;
    }
    if (keep === size) return 0;
    await handle.truncate(keep);
    await handle.datasync();
    return size - keep;
  } finally {
    await handle.close();
  }
}
