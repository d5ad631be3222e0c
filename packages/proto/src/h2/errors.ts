/**
 * The errors of the HTTP/2 layer. A connection error ends the whole
 * connection with a GOAWAY; a stream error ends one stream. Both carry the
 * HTTP/2 error code as `errorCode` (never `code`, which gRPC's status
 * errors use for their status).
 */
import { ErrorCode, errorCodeName } from './frame-types.js';

/** The peer broke the protocol (or HPACK), or the connection was lost: every stream on it ends. */
export class Http2ConnectionError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'Http2ConnectionError';
  }
}

/** Why a stream ended before both sides ended it: a reset, a GOAWAY or the connection's end. */
export class Http2StreamError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    /** The peer did not process the stream (REFUSED_STREAM, or beyond a GOAWAY's last stream): safe to retry. */
    readonly unprocessed = false,
  ) {
    super(message);
    this.name = 'Http2StreamError';
  }

  /** The peer's RST_STREAM. */
  static reset(code: number): Http2StreamError {
    return new Http2StreamError(code, `the peer reset the stream (${errorCodeName(code)})`, code === ErrorCode.REFUSED_STREAM);
  }
}
