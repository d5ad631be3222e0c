/** Keeps the last lines of a stream, for error messages about a plugin that died. */
export class TailBuffer {
  readonly #lines: string[] = [];

  constructor(private readonly size = 20) {}

  push(line: string): void {
    this.#lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.#lines.length > this.size) this.#lines.shift();
  }

  /** The kept lines, or `fallback` when there are none. */
  text(fallback = '(nothing on stderr)'): string {
    return this.#lines.length > 0 ? this.#lines.join('\n') : fallback;
  }
}
