/**
 * ↑/↓ through the commands typed before, as in a shell: ↑ from the draft
 * goes to the newest command, ↓ past the newest brings the draft back.
 */

export class InputHistory {
  readonly #items: string[];
  /** Index into items while browsing; items.length means "at the draft". */
  #cursor: number;
  #draft = '';

  constructor(items: readonly string[] = []) {
    this.#items = [...items];
    this.#cursor = this.#items.length;
  }

  /** The older command to show, or `undefined` at the oldest. */
  up(current: string): string | undefined {
    if (this.#cursor === 0) return undefined;
    if (this.#cursor === this.#items.length) this.#draft = current;
    this.#cursor--;
    return this.#items[this.#cursor];
  }

  /** The newer command (or the draft) to show, or `undefined` when already at the draft. */
  down(): string | undefined {
    if (this.#cursor >= this.#items.length) return undefined;
    this.#cursor++;
    return this.#cursor === this.#items.length ? this.#draft : this.#items[this.#cursor];
  }

  /** Records a sent command (not twice in a row) and goes back to an empty draft. */
  push(command: string): void {
    if (command !== '' && this.#items.at(-1) !== command) this.#items.push(command);
    this.#cursor = this.#items.length;
    this.#draft = '';
  }

  items(): readonly string[] {
    return this.#items;
  }
}
