/**
 * A plugin's own output as log lines. Stderr lines may be hclog JSON
 * (`@level`, `@message`, …, what go-plugin plugins write) or text, perhaps
 * with a `[LEVEL]` prefix. A plugin that floods its output cannot flood the
 * agent's log: past a budget per window, lines are dropped, counted, and the
 * count logged once.
 */
import type { Logger } from '../../logging.js';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<string, Level> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
};
const PREFIX = /^\[(TRACE|DEBUG|INFO|WARN|ERROR)\]\s*/;
const MAX_LINE = 16 * 1024;

/** Lines a plugin may log per window before the rest of the window's lines are dropped. */
const LINES_PER_WINDOW = 1000;
const WINDOW_MS = 10_000;

export class PluginLog {
  #windowStart = 0;
  #lines = 0;
  #dropped = 0;

  constructor(readonly logger: Logger) {}

  /** A stderr line (or GRPCStdio STDERR). */
  stderr(line: string): void {
    if (this.#admit()) logStderrLine(this.logger, line);
  }

  /** A stdout line after the handshake (GRPCStdio STDOUT), logged at debug. */
  stdout(line: string): void {
    if (this.#admit()) this.logger.debug({ stdout: line }, 'plugin stdout');
  }

  /** Reports lines dropped in the current window. */
  flush(): void {
    if (this.#dropped === 0) return;
    this.logger.warn(
      { dropped: this.#dropped },
      `the plugin wrote more than ${LINES_PER_WINDOW} lines in ${WINDOW_MS / 1000} s; ${this.#dropped} were dropped`,
    );
    this.#dropped = 0;
  }

  #admit(): boolean {
    const now = Date.now();
    if (now - this.#windowStart >= WINDOW_MS) {
      this.flush();
      this.#windowStart = now;
      this.#lines = 0;
    }
    if (++this.#lines <= LINES_PER_WINDOW) return true;
    this.#dropped++;
    return false;
  }
}

/** Logs one stderr line; unmarked text is logged at info. */
function logStderrLine(logger: Logger, line: string): void {
  const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (${line.length} characters)` : line;
  if (text.startsWith('{')) {
    try {
      const { '@level': level, '@message': message, '@timestamp': _ts, ...fields } = JSON.parse(text) as Record<string, unknown>;
      logger[LEVELS[String(level).toLowerCase()] ?? 'info']({ fields }, String(message ?? ''));
      return;
    } catch {
      // Not JSON after all: log it as text.
    }
  }
  const prefix = PREFIX.exec(text);
  if (prefix?.[1]) logger[LEVELS[prefix[1].toLowerCase()] ?? 'info'](text.slice(prefix[0].length));
  else logger.info(text);
}
