/**
 * After the handshake, a go-plugin plugin's stdout belongs to the host's
 * GRPCStdio stream, not to the pipe the host read the handshake from. This
 * captures `process.stdout` writes into a bounded buffer until a host
 * subscribes, then streams them. Stderr stays the process's stderr, which
 * every host reads, so logs are never sent twice.
 */

import * as stdio from '@chatkube/proto/stdio';
import type { StreamContext } from './grpc-service.js';

const BUFFER_LIMIT = 256 * 1024;

export class StdoutCapture {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #dropped = 0;
  #subscriber: { send(data: Buffer): void; end(): void } | undefined;

  /** Redirects `process.stdout` into this capture. */
  install(): void {
    process.stdout.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      this.#push(
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk),
      );
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => done());
      return true;
    }) as typeof process.stdout.write;
  }

  /**
   * Serves `plugin.GRPCStdio/StreamStdio`: the buffered output, then
   * everything that follows, until the host cancels or subscribes again.
   */
  serve(call: StreamContext<stdio.StdioData>): Promise<void> {
    this.#subscriber?.end();
    return new Promise((end) => {
      // Not awaited: a process.stdout.write cannot wait, so what the host reads slowly buffers in the stream.
      const subscriber = { send: (data: Buffer) => void call.send({ channel: stdio.StdioData_Channel.STDOUT, data }), end };
      this.#subscriber = subscriber;
      call.signal.addEventListener(
        'abort',
        () => {
          if (this.#subscriber === subscriber) this.#subscriber = undefined;
          end();
        },
        { once: true },
      );
      if (this.#dropped > 0) subscriber.send(Buffer.from(`[chatkube] ${this.#dropped} bytes of plugin stdout dropped\n`));
      for (const chunk of this.#pending) subscriber.send(chunk);
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#dropped = 0;
    });
  }

  #push(data: Buffer): void {
    if (this.#subscriber) {
      this.#subscriber.send(data);
      return;
    }
    this.#pending.push(data);
    this.#pendingBytes += data.length;
    while (this.#pendingBytes > BUFFER_LIMIT) {
      const oldest = this.#pending.shift();
      if (!oldest) break;
      this.#pendingBytes -= oldest.length;
      this.#dropped += oldest.length;
    }
  }
}
