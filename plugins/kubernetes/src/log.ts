/**
 * The plugin's log: hclog JSON lines on stderr, which go-plugin hosts (the
 * agent, Botkube) parse into their own logs at the line's level.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface Log {
  debug(text: string): void;
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

/** Botkube's level names (logrus: trace, debug, info, warning, error, fatal) to ours; unknown ones are info. */
export function parseLevel(level: string | undefined): LogLevel {
  switch ((level ?? '').toLowerCase()) {
    case 'trace':
    case 'debug':
      return 'debug';
    case 'warn':
    case 'warning':
      return 'warn';
    case 'error':
    case 'fatal':
    case 'panic':
      return 'error';
    default:
      return 'info';
  }
}

/** A log writing lines at `level()` and above through `write` (stderr by default). */
export function createLog(level: () => LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Log {
  const at = (lineLevel: LogLevel) => (text: string) => {
    if (ORDER[lineLevel] < ORDER[level()]) return;
    write(
      `${JSON.stringify({ '@level': lineLevel, '@message': text, '@module': 'kubernetes', '@timestamp': new Date().toISOString() })}\n`,
    );
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
