/**
 * SETTINGS (RFC 9113 §6.5): the parameters each endpoint announces for what
 * the other may send it, decoded and checked here.
 */
import { Http2ConnectionError } from './errors.js';
import { DEFAULT_MAX_FRAME_SIZE, DEFAULT_WINDOW, ErrorCode, MAX_FRAME_SIZE_LIMIT, MAX_WINDOW } from './frame-types.js';

/** Setting identifiers (RFC 9113 §6.5.2). */
export const SettingId = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
} as const;

export interface Http2Settings {
  readonly headerTableSize: number;
  readonly enablePush: boolean;
  /** Infinity when the peer set no limit. */
  readonly maxConcurrentStreams: number;
  readonly initialWindowSize: number;
  readonly maxFrameSize: number;
  /** Infinity when the peer set no limit; advisory. */
  readonly maxHeaderListSize: number;
}

/** What holds before a peer's first SETTINGS frame. */
export const DEFAULT_SETTINGS: Http2Settings = {
  headerTableSize: 4096,
  enablePush: true,
  maxConcurrentStreams: Number.POSITIVE_INFINITY,
  initialWindowSize: DEFAULT_WINDOW,
  maxFrameSize: DEFAULT_MAX_FRAME_SIZE,
  maxHeaderListSize: Number.POSITIVE_INFINITY,
};

/** The settings after a SETTINGS frame's payload; unknown ids are ignored, bad values refused. */
export function applySettings(current: Http2Settings, payload: Buffer): Http2Settings {
  const next = { ...current };
  for (let offset = 0; offset + 6 <= payload.length; offset += 6) {
    const id = payload.readUInt16BE(offset);
    const value = payload.readUInt32BE(offset + 2);
    switch (id) {
      case SettingId.HEADER_TABLE_SIZE:
        next.headerTableSize = value;
        break;
      case SettingId.ENABLE_PUSH:
        if (value > 1) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, `SETTINGS_ENABLE_PUSH of ${value}`);
        next.enablePush = value === 1;
        break;
      case SettingId.MAX_CONCURRENT_STREAMS:
        next.maxConcurrentStreams = value;
        break;
      case SettingId.INITIAL_WINDOW_SIZE:
        if (value > MAX_WINDOW)
          throw new Http2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, `SETTINGS_INITIAL_WINDOW_SIZE of ${value}`);
        next.initialWindowSize = value;
        break;
      case SettingId.MAX_FRAME_SIZE:
        if (value < DEFAULT_MAX_FRAME_SIZE || value > MAX_FRAME_SIZE_LIMIT)
          throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, `SETTINGS_MAX_FRAME_SIZE of ${value}`);
        next.maxFrameSize = value;
        break;
      case SettingId.MAX_HEADER_LIST_SIZE:
        next.maxHeaderListSize = value;
        break;
      default:
      // Unknown settings must be ignored (RFC 9113 §6.5.2).
    }
  }
  return next;
}
