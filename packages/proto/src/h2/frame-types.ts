/**
 * HTTP/2's wire constants (RFC 9113): frame types, flags, error codes and
 * the protocol's fixed sizes, named as the RFC names them.
 */

/** Frame types (RFC 9113 §6). Any other type is an extension frame, ignored. */
export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;

/** Frame flags; ACK shares its bit with END_STREAM, on other frame types. */
export const Flag = {
  END_STREAM: 0x1,
  ACK: 0x1,
  END_HEADERS: 0x4,
  PADDED: 0x8,
  PRIORITY: 0x20,
} as const;

/** Error codes of RST_STREAM and GOAWAY (RFC 9113 §7). */
export const ErrorCode = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
  HTTP_1_1_REQUIRED: 0xd,
} as const;

const errorNames = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

/** An error code's name for messages, e.g. `CANCEL`, or its number when unknown. */
export function errorCodeName(code: number): string {
  return errorNames.get(code) ?? `0x${code.toString(16)}`;
}

/** What a client sends before anything else (RFC 9113 §3.4). */
export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Every frame starts with 9 bytes: length (24 bits), type, flags, stream id (31 bits). */
export const FRAME_HEADER_BYTES = 9;

/** The flow-control window every stream and connection starts with. */
export const DEFAULT_WINDOW = 65_535;
/** The largest window flow control allows (2^31 - 1). */
export const MAX_WINDOW = 0x7fff_ffff;
/** The frame size every peer accepts until it says otherwise. */
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
/** The largest SETTINGS_MAX_FRAME_SIZE a peer may advertise (2^24 - 1). */
export const MAX_FRAME_SIZE_LIMIT = 0xff_ffff;
/** The highest stream id (2^31 - 1). */
export const MAX_STREAM_ID = 0x7fff_ffff;
