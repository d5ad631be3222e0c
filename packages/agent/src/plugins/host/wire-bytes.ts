/** Bytes as the generated wire code wants them (a Buffer), without copying; text as UTF-8. */
export function wireBytes(value: string | Uint8Array | undefined): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
