/**
 * A command's cancellation: its deadline or the agent's stop, whichever
 * comes first. `release()` when the command ends frees the timer and the
 * listener at once (AbortSignal.timeout would hold each command's signal
 * for the whole timeout, five minutes by default).
 */
export class CommandDeadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  #timedOut = false;

  constructor(
    timeoutMs: number,
    private readonly shutdown: AbortSignal,
  ) {
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort(new Error(`the command's deadline of ${timeoutMs} ms passed`));
    }, timeoutMs);
    if (shutdown.aborted) this.#stop();
    else shutdown.addEventListener('abort', this.#stop, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the deadline passed (rather than the agent stopping). */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  release(): void {
    clearTimeout(this.#timer);
    this.shutdown.removeEventListener('abort', this.#stop);
  }

  readonly #stop = (): void => this.#controller.abort(new Error('the agent is stopping'));
}
