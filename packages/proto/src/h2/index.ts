/**
 * HTTP/2 and gRPC wire pieces for the lean transports between the host and
 * its plugins: gRPC message framing, HTTP/2 frames, HPACK, and a connection
 * (either end) built from them.
 */
export * from './connection.js';
export * from './errors.js';
export * from './frame-parser.js';
export * from './frame-types.js';
export * from './frame-writer.js';
export * from './framing.js';
export * from './hpack-decoder.js';
export * from './hpack-dynamic-table.js';
export * from './hpack-encoder.js';
export * from './hpack-huffman.js';
export * from './hpack-primitives.js';
export * from './hpack-static-table.js';
export * from './settings.js';
export * from './stream.js';
