/**
 * A plugin's stderr as log lines: go-plugin plugins log hclog JSON
 * (`@level`, `@message`, …), others write text, perhaps with a `[LEVEL]`
 * prefix. Each line is logged under the plugin's logger.
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

/** Logs one stderr line; unmarked text is logged at info. */
export function logPluginLine(logger: Logger, line: string): void {
  const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (${line.length} characters)` : line;
  if (text.startsWith('{')) {
    try {
      const { '@level': level, '@message': message, '@timestamp': _ts, ...fields } = JSON.parse(text) as Record<string, unknown>;
      logger[LEVELS[String(level).toLowerCase()] ?? 'info']({ plugin: fields }, String(message ?? ''));
      return;
    } catch {
      // Not JSON after all: log it as text.
    }
  }
  const prefix = PREFIX.exec(text);
  if (prefix?.[1]) logger[LEVELS[prefix[1].toLowerCase()] ?? 'info'](text.slice(prefix[0].length));
  else logger.info(text);
}

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
