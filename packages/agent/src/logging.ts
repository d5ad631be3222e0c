/** The agent's logger: pino, JSON lines on stderr (or text for people), secrets redacted. */
import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

export type { Logger };
export type LogFormat = 'json' | 'text';

/** Paths whose values never reach a log line. */
const REDACT = [
  '*.token',
  '*.authToken',
  '*.bearerToken',
  '*.hmacSecret',
  '*.apiKey',
  '*.password',
  '*.secret',
  '*.kubeConfig',
  'config.*.token',
  'headers.authorization',
];

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OWN_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/** One JSON log line as a line for people: `12:00:00.123 INFO  message key=value …`. */
export function formatLogLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json);
  } catch {
    return json;
  }
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : '';
  const level = (LEVELS[record.level as number] ?? String(record.level)).padEnd(5);
  const fields = Object.entries(record)
    .filter(([key]) => !OWN_KEYS.has(key))
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value)}`,
    );
  return [time, level, record.msg ?? '', ...fields].filter((part) => part !== '').join(' ');
}

function textDestination(): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (lines.length > 0) process.stderr.write(`${lines.map(formatLogLine).join('\n')}\n`);
      done();
    },
  });
}

export function createLogger(level = process.env.CHATKUBE_LOG_LEVEL ?? 'info', format: LogFormat = 'json'): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { pid: process.pid } };
  return format === 'text' ? pino(options, textDestination()) : pino(options, pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything, for callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
