/** The agent's logger: pino, JSON lines on stderr, secrets redacted. */
import { type Logger, pino } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line. */
const REDACT = ['*.token', '*.apiKey', '*.password', '*.secret', '*.kubeConfig', 'config.*.token', 'headers.authorization'];

export function createLogger(level = process.env.CHATKUBE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything, for callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
