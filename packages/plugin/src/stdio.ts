/**
 * After the handshake, a go-plugin plugin's stdout belongs to the host's
 * GRPCStdio stream, not to the pipe the host read the handshake from. This
 * captures `process.stdout` writes into a bounded buffer until a host
 * subscribes, then streams them. Stderr stays the process's stderr, which
 * every host reads, so logs are never sent twice.
 */

import { type Empty, stdio } from '@chatkube/proto';
import type { ServerWritableStream } from '@grpc/grpc-js';

const BUFFER_LIMIT = 256 * 1024;

export class StdoutCapture {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #dropped = 0;
  #subscriber: ServerWritableStream<Empty, stdio.StdioData> | undefined;

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

  /** Serves `plugin.GRPCStdio/StreamStdio`: the buffered output, then everything that follows. */
  serve(call: ServerWritableStream<Empty, stdio.StdioData>): void {
    this.#subscriber?.end();
    this.#subscriber = call;
    call.on('cancelled', () => {
      if (this.#subscriber === call) this.#subscriber = undefined;
    });
    if (this.#dropped > 0) this.#send(Buffer.from(`[chatkube] ${this.#dropped} bytes of plugin stdout dropped\n`));
    for (const chunk of this.#pending) this.#send(chunk);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#dropped = 0;
  }

  #push(data: Buffer): void {
    if (this.#subscriber) {
      this.#send(data);
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

  #send(data: Buffer): void {
    this.#subscriber?.write({ channel: stdio.StdioData_Channel.STDOUT, data });
  }
}
