/**
 * A bearer token kept in a file (`tokenFile`, a pod's rotating service
 * account token): re-read when the file changes, at the latest a minute after
 * the last read (as client-go re-reads it), and at once after a 401.
 */
import { readFile, stat } from 'node:fs/promises';
import { KubeconfigError, type KubeconfigPlace } from './errors.js';

const REREAD_AFTER_MS = 60_000;

export class TokenFile {
  readonly #path: string;
  readonly #place: KubeconfigPlace;
  #token: string | undefined;
  #version = '';
  #readAt = 0;

  constructor(path: string, place: KubeconfigPlace) {
    this.#path = path;
    this.#place = place;
  }

  /** The token now. Throws KubeconfigError naming the file when it cannot be read or is empty. */
  async token(): Promise<string> {
    let version: string;
    try {
      const stats = await stat(this.#path);
      version = `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
    } catch (error) {
      throw this.#error(`cannot read the token file ${this.#path}: ${(error as Error).message}`, error);
    }
    if (this.#token !== undefined && version === this.#version && Date.now() - this.#readAt < REREAD_AFTER_MS) return this.#token;
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      throw this.#error(`cannot read the token file ${this.#path}: ${(error as Error).message}`, error);
    }
    const token = text.trim();
    if (token === '') throw this.#error(`the token file ${this.#path} is empty`);
    this.#token = token;
    this.#version = version;
    this.#readAt = Date.now();
    return token;
  }

  /** Forget the token (the server refused it): the next call reads the file again. */
  invalidate(): void {
    this.#token = undefined;
  }

  #error(message: string, cause?: unknown): KubeconfigError {
    return new KubeconfigError(message, this.#place, cause === undefined ? undefined : { cause });
  }
}
