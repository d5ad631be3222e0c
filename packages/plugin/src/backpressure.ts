import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes one message to a server stream, waiting for the stream to drain
 * when its buffer is full. Without the wait, a plugin that produces faster
 * than its host reads would buffer without bound, and one that produces
 * synchronously would never let the event loop send anything at all.
 */
export async function writeWithBackpressure<T>(call: Writable, message: T, signal: AbortSignal): Promise<void> {
  if (call.write(message)) return;
  try {
    await once(call, 'drain', { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
