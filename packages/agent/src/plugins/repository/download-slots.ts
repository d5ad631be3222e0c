/** Bounds how many downloads run at once; the others wait their turn, first come first served. */
export class DownloadSlots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`download concurrency must be a whole number of at least 1, got ${size}`);
    this.#free = size;
  }

  /** Runs `task` once a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
