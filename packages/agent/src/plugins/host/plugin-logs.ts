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
