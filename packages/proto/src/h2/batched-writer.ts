/**
 * Socket writes batched per turn of the event loop: what an HTTP/2
 * endpoint queues while handling one read (window updates, a PING's
 * answer, the next request or answer) goes out in one write, so each
 * exchange costs the peer one wake-up rather than several.
 */
import type { Socket } from 'node:net';

/**
 * A batch this large is written at once, not at the end of the turn. Measured with a grpc-js reader of
 * a fast event stream: 64 KiB bursts left it idle between them (about 0.7 x node:http2's events/s);
 * 8 to 16 KiB, node:http2's own write size, keep it busy (the same events/s).
 */
const JOIN_LIMIT = 16 * 1024;

export class BatchedWriter {
  readonly #socket: Socket;
  #batch: Buffer[] = [];
  #bytes = 0;
  #scheduled = false;
  #full = false;
  #generation = 0;

  /** `onDrain` runs when the socket takes more after a write it had to buffer. */
  constructor(socket: Socket, onDrain: () => void) {
    this.#socket = socket;
    socket.on('drain', () => {
      this.#full = false;
      onDrain();
    });
  }

  /** Changes whenever the batch is written or dropped: what was queued before may no longer be changed. */
  get generation(): number {
    return this.#generation;
  }

  /** The socket's buffer is full: hold back what can wait. */
  get full(): boolean {
    return this.#full;
  }

  /** Queues bytes for the write at the end of this turn, or writes now once a batch is large. */
  push(bytes: Buffer): void {
    this.#batch.push(bytes);
    this.#bytes += bytes.length;
    // A large batch goes out at once: the reader gets it sooner, its memory stays bounded, and a producer
    // that never yields (each send resolved at once) learns from the socket when to wait.
    if (this.#bytes >= JOIN_LIMIT) {
      this.flush();
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    process.nextTick(this.flush);
  }

  /** Writes what is queued now. */
  readonly flush = (): void => {
    // A flush scheduled earlier that finds the batch already written does nothing.
    this.#scheduled = false;
    const batch = this.#batch;
    if (batch.length === 0 || this.#socket.destroyed) return;
    const bytes = this.#bytes;
    this.discard();
    let writable = true;
    // Small frames are joined into one buffer; a batch with a large payload is written as it is (writev).
    if (batch.length === 1 || bytes <= 2 * JOIN_LIMIT) {
      writable = this.#socket.write(batch.length === 1 ? (batch[0] as Buffer) : Buffer.concat(batch, bytes));
    } else {
      this.#socket.cork();
      for (const buffer of batch) writable = this.#socket.write(buffer);
      this.#socket.uncork();
    }
    if (!writable) this.#full = true;
  };

  /** Drops what is queued: the connection is gone. */
  discard(): void {
    this.#batch = [];
    this.#bytes = 0;
    this.#generation++;
  }
}
