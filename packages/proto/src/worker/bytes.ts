/**
 * Bytes across a MessagePort. Structured cloning a view copies its whole
 * backing buffer: a small Buffer is a slice of Node's shared 8 KiB pool, so
 * posting it as is would hand the other side whatever else that pool holds
 * (the agent's secrets included). Views are copied to buffers of their own
 * before they are posted; on arrival they become Buffers again, as the
 * gRPC runtime's decoded messages have them.
 */

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/** Maps every Uint8Array inside plain objects and arrays; other values stay as they are. */
function mapBytes<T>(value: T, map: (bytes: Uint8Array) => Uint8Array): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) return map(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapBytes(item, map)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = mapBytes(item, map);
  return out as T;
}

/** A copy of `value` safe to post: every byte view that does not span its whole buffer is copied to one that does. */
export function toPostable<T>(value: T): T {
  return mapBytes(value, (bytes) =>
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes),
  );
}

/** `value` as received, with its byte arrays as Buffers (views, not copies), as the generated wire types declare them. */
export function withBuffers<T>(value: T): T {
  return mapBytes(value, (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
