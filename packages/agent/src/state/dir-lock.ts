/**
 * An exclusive lock on a directory, so that two agents never write the same
 * state at once: a `lock` file naming its owner (pid, host, since when). The
 * file appears complete or not at all (written aside, then hard-linked into
 * place), so a reader never mistakes a lock being taken for a broken one. A
 * lock whose owner is gone (killed, crashed) is taken over.
 */
import { randomBytes } from 'node:crypto';
import { link, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { StateDirError, StateLockedError } from '../errors.js';
import type { Logger } from '../logging.js';

const LOCK_FILE = 'lock';
const TEMP = /^\.lock\.(\d+)\.[0-9a-f]+\.tmp$/;
/** Taking over a stale lock can meet another agent doing the same; a few rounds settle it. */
const ATTEMPTS = 3;

interface LockOwner {
  pid: number;
  hostname: string;
  since: string;
}

/** Locks held by this process, by lock file path: a pid check cannot tell them apart from our own stale ones. */
const heldHere = new Set<string>();

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, hostname: host, since } = value as Record<string, unknown>;
    if (!Number.isSafeInteger(pid) || typeof host !== 'string' || typeof since !== 'string') return undefined;
    return { pid: pid as number, hostname: host, since };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

export interface DirLockOptions {
  /** How errors name the directory: `State dir`, `Audit log dir`. */
  label: string;
  logger: Logger;
}

/** A held lock on a directory; {@link release} it when done. */
export class DirLock {
  #released = false;

  private constructor(
    readonly path: string,
    private readonly owner: LockOwner,
    private readonly logger: Logger,
  ) {}

  /**
   * Takes the lock of `dir` (which must exist), taking over a stale one.
   * Throws `CHATKUBE_ERR_STATE_LOCKED` if a live process holds it.
   */
  static async acquire(dir: string, { label, logger }: DirLockOptions): Promise<DirLock> {
    const path = resolve(dir, LOCK_FILE);
    if (heldHere.has(path)) {
      throw new StateLockedError(
        `${label} ${dir} is already in use by this process (${path} is held); close the other store first.`,
      );
    }
    // Marked before the first await, so that a second store in this process fails here rather than take ours over.
    heldHere.add(path);
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
    const temp = join(dir, `.lock.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, `${JSON.stringify(owner)}\n`, { mode: 0o600, flag: 'wx' });
      await takeLock(temp, path, { label, logger });
    } catch (error) {
      heldHere.delete(path);
      if (error instanceof StateLockedError || error instanceof StateDirError) throw error;
      throw new StateDirError(
        `${label} ${dir} cannot be locked: ${(error as Error).message}. Check that chatkube may write there.`,
        {
          cause: error,
        },
      );
    } finally {
      await rm(temp, { force: true });
    }
    await removeDeadTemps(dir);
    return new DirLock(path, owner, logger);
  }

  /** Gives the lock up; a lock taken over meanwhile by another process is left alone. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    heldHere.delete(this.path);
    const current = parseOwner(await readFile(this.path, 'utf8').catch(() => ''));
    if (current?.pid === this.owner.pid && current.since === this.owner.since && current.hostname === this.owner.hostname) {
      await rm(this.path, { force: true });
    } else {
      this.logger.warn({ lock: this.path, owner: current }, 'the lock was taken over by another process; leaving it');
    }
  }
}

async function takeLock(temp: string, path: string, { label, logger }: DirLockOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await link(temp, path);
      return;
    } catch (error) {
      if (errno(error) !== 'EEXIST' || attempt === ATTEMPTS) throw error;
    }
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      // Released between our link and this read: try again.
      if (errno(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) continue;
    const owner = parseOwner(text);
    if (owner && owner.hostname !== hostname()) {
      throw new StateLockedError(
        `${label} ${resolve(path, '..')} is locked by pid ${owner.pid} on host ${owner.hostname} since ${owner.since} ` +
          `(${path}); chatkube cannot tell from here whether that agent still runs. If it does not, remove ${path}.`,
      );
    }
    // Our own pid in a lock we do not hold is a former process's, as pid 1 in a restarted container: stale.
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new StateLockedError(
        `${label} ${resolve(path, '..')} is in use by another chatkube agent (pid ${owner.pid} since ${owner.since} holds ${path}). ` +
          'Stop that agent, or give this one another state dir (settings.stateDir).',
      );
    }
    logger.warn({ lock: path, owner: owner ?? text.slice(0, 200) }, 'taking over a stale lock: its owner is gone');
    // Two agents taking over the same stale lock at the same moment could both win: a narrow race, accepted
    // because it needs both to start within microseconds on a dir whose agent died.
    await rm(path, { force: true });
  }
}

/** Lock temp files of processes that died between writing and linking them. */
async function removeDeadTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = TEMP.exec(name)?.[1];
    if (pid !== undefined && (Number(pid) === process.pid || !isAlive(Number(pid)))) await rm(join(dir, name), { force: true });
  }
}
