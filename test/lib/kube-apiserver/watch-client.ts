/** A raw HTTP watch client for tests: collects the newline-delimited JSON events of one watch request. */
import { get, type IncomingMessage } from 'node:http';

/** One watch event as received. */
export interface WatchEvent {
  type: string;
  object: Record<string, unknown> & { metadata?: Record<string, unknown> };
}

export interface RawWatch {
  /** Events received so far, in order. */
  readonly events: WatchEvent[];
  readonly response: IncomingMessage;
  /** Resolves when the stream ends: `end` when the server ended it, `error` when the connection broke. */
  readonly ended: Promise<'end' | 'error'>;
  close(): void;
}

/** Opens `GET {url}{path}` (path with its query) and parses events as they arrive. */
export function openWatch(url: string, path: string, headers: Record<string, string> = {}): Promise<RawWatch> {
  return new Promise((resolve, reject) => {
    const request = get(`${url}${path}`, { headers }, (response) => {
      const events: WatchEvent[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line.trim() !== '') events.push(JSON.parse(line) as WatchEvent);
        }
      });
      const ended = new Promise<'end' | 'error'>((done) => {
        response.on('end', () => done('end'));
        response.on('error', () => done('error'));
        response.on('aborted', () => done('error'));
        response.on('close', () => done(response.complete ? 'end' : 'error'));
      });
      resolve({ events, response, ended, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}
