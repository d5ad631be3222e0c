/**
 * The runtime state in one JSON file, `state.json` in the state dir, under
 * the dir's lock. Updates waiting while a write is under way go to disk
 * together in the next write (group commit): each still sees the state the
 * updates before it left, and each resolves once the write holding it is
 * durable.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StateDirError, StateFileError, StateInvalidError, StateNotOpenError, StateWriteError } from '../errors.js';
import type { Logger } from '../logging.js';
import { silentLogger } from '../logging.js';
import { checkRuntimeState } from './check-state.js';
import { DirLock } from './dir-lock.js';
import { removeLeftoverTemps, writeFileAtomic } from './durable-fs.js';
import { emptyRuntimeState, type RuntimeState, type StateStore, type StateUpdate } from './types.js';

/** Where the agent keeps its state when `settings.stateDir` is not set, relative to the working directory. */
export const DEFAULT_STATE_DIR = '.chatkube';
export const STATE_FILE = 'state.json';

export interface FileStateStoreOptions {
  /** `settings.stateDir`; created (mode 0700) if missing. */
  stateDir: string;
  logger?: Logger;
}

interface PendingUpdate {
  fn: StateUpdate;
  resolve: (state: RuntimeState) => void;
  reject: (error: unknown) => void;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const fixHint = 'Fix the file, or move it away to start with empty runtime state (chat changes made so far are then forgotten).';

/** A {@link StateStore} in `<stateDir>/state.json`. */
export class FileStateStore implements StateStore {
  readonly dir: string;
  readonly file: string;
  readonly #logger: Logger;
  #lock: DirLock | undefined;
  #state: RuntimeState | undefined;
  #loading: Promise<RuntimeState> | undefined;
  #closed = false;
  #pending: PendingUpdate[] = [];
  #flushing: Promise<void> | undefined;

  constructor({ stateDir, logger = silentLogger }: FileStateStoreOptions) {
    this.dir = stateDir;
    this.file = join(stateDir, STATE_FILE);
    this.#logger = logger.child({ part: 'state' });
  }

  load(): Promise<RuntimeState> {
    if (this.#closed)
      return Promise.reject(new StateNotOpenError(`The state store of ${this.dir} is closed; it cannot load again.`));
    this.#loading ??= this.#load().catch((error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }

  async #load(): Promise<RuntimeState> {
    await makeStateDir(this.dir);
    const lock = await DirLock.acquire(this.dir, { label: 'State dir', logger: this.#logger });
    try {
      const removed = await removeLeftoverTemps(this.file);
      if (removed.length > 0) this.#logger.info({ removed }, 'removed temp files a crash left in the state dir');
      this.#state = deepFreeze(await readStateFile(this.file));
    } catch (error) {
      await lock.release();
      throw error;
    }
    this.#lock = lock;
    return this.#state;
  }

  get(): RuntimeState {
    return this.#current();
  }

  update(fn: StateUpdate): Promise<RuntimeState> {
    try {
      this.#current();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ fn, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#loading?.catch(() => undefined);
    await this.#flushing;
    await this.#lock?.release();
    this.#lock = undefined;
  }

  #current(): RuntimeState {
    if (this.#closed) throw new StateNotOpenError(`The state store of ${this.dir} is closed.`);
    if (!this.#state) throw new StateNotOpenError(`The state store of ${this.dir} is not loaded yet: call load() first.`);
    return this.#state;
  }

  async #flush(): Promise<void> {
    // Let the updates called in the same tick join the first write.
    await null;
    try {
      while (this.#pending.length > 0) await this.#writeBatch(this.#pending.splice(0));
    } finally {
      this.#flushing = undefined;
    }
  }

  async #writeBatch(batch: PendingUpdate[]): Promise<void> {
    // Loaded: update() checked it before queueing, and close() waits for this write.
    let next = this.#state as RuntimeState;
    const applied: Array<{ update: PendingUpdate; state: RuntimeState }> = [];
    for (const update of batch) {
      try {
        next = applyUpdate(next, update.fn);
        applied.push({ update, state: next });
      } catch (error) {
        update.reject(error);
      }
    }
    if (applied.length === 0) return;
    try {
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    } catch (cause) {
      const error = new StateWriteError(`Cannot write the runtime state to ${this.file}: ${(cause as Error).message}.`, {
        cause,
      });
      this.#logger.error({ err: cause, file: this.file }, 'runtime state not written');
      for (const { update } of applied) update.reject(error);
      return;
    }
    this.#state = next;
    for (const { update, state } of applied) update.resolve(state);
  }
}

function applyUpdate(state: RuntimeState, fn: StateUpdate): RuntimeState {
  const draft = structuredClone(state);
  const next = fn(draft) ?? draft;
  const problem = checkRuntimeState(next);
  if (problem) throw new StateInvalidError(`The update would leave an invalid runtime state (${problem}); nothing was changed.`);
  // A fresh copy: the caller may keep references into what it returned.
  return deepFreeze(next === draft ? draft : structuredClone(next));
}

async function makeStateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!(await stat(dir)).isDirectory()) throw new Error('it is not a directory');
  } catch (error) {
    throw new StateDirError(`State dir ${dir} cannot be used: ${(error as Error).message}. Check settings.stateDir.`, {
      cause: error,
    });
  }
}

async function readStateFile(file: string): Promise<RuntimeState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return emptyRuntimeState();
    const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new StateFileError(`State file ${file} cannot be read: ${why}. ${fixHint}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(`State file ${file} is not valid JSON (${(error as Error).message}). ${fixHint}`, { cause: error });
  }
  const problem = checkRuntimeState(value);
  if (problem) throw new StateFileError(`State file ${file} is not a chatkube runtime state: ${problem}. ${fixHint}`);
  return value as RuntimeState;
}
