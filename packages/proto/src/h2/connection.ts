/**
 * One HTTP/2 connection over a socket, either end (RFC 9113): the preface
 * and SETTINGS exchange, PING answers, GOAWAY, flow control both ways
 * (WINDOW_UPDATE sent as DATA is consumed, DATA held back while the peer's
 * windows are shut), HPACK decoding of every header block, and the stream
 * table. What it writes in one turn of the event loop goes out in one
 * socket write. It knows nothing of gRPC.
 */
import type { Socket } from 'node:net';
import { ConnectionOutput } from './connection-output.js';
import { Http2ConnectionError, Http2StreamError } from './errors.js';
import { type Frame, FrameParser } from './frame-parser.js';
import {
  CLIENT_PREFACE,
  DEFAULT_WINDOW,
  ErrorCode,
  errorCodeName,
  Flag,
  FrameType,
  MAX_STREAM_ID,
  MAX_WINDOW,
} from './frame-types.js';
import { goAwayFrame, pingFrame, SETTINGS_ACK, settingsFrame, windowUpdateFrame } from './frame-writer.js';
import { HpackDecoder } from './hpack-decoder.js';
import type { HeaderField } from './hpack-static-table.js';
import { applySettings, DEFAULT_SETTINGS, type Http2Settings, SettingId } from './settings.js';
import { Http2Stream, type StreamListener } from './stream.js';

export interface Http2ConnectionOptions {
  role: 'client' | 'server';
  /** The receive window of each stream (SETTINGS_INITIAL_WINDOW_SIZE); default 16 MiB. */
  initialWindowSize?: number;
  /** The connection's receive window; default 64 MiB. */
  connectionWindowSize?: number;
  /** The largest frame accepted (SETTINGS_MAX_FRAME_SIZE); default 1 MiB. */
  maxFrameSize?: number;
  /** The largest header list accepted, and header block; default 1 MiB. */
  maxHeaderListSize?: number;
  /** Server: the most streams the client may open at once; default unlimited. */
  maxConcurrentStreams?: number;
  /** Server: a stream the client opened, with its headers; returns who listens to the rest of it. */
  onStream?(stream: Http2Stream, headers: readonly HeaderField[], endStream: boolean): StreamListener;
  /** A stream ended: there is room for another. */
  onStreamClosed?(): void;
  /** The connection ended: closed here, by the peer, or failed (`error`). */
  onClose?(error: Error | undefined): void;
}

export class Http2Connection {
  readonly #socket: Socket;
  readonly #options: Http2ConnectionOptions;
  readonly #parser: FrameParser;
  readonly #decoder: HpackDecoder;
  readonly #streams = new Map<number, Http2Stream>();
  readonly #output: ConnectionOutput;
  readonly #initialWindowSize: number;
  readonly #connectionWindowSize: number;
  #peer: Http2Settings = DEFAULT_SETTINGS;
  #receivedUnacknowledged = 0;
  #nextStreamId: number;
  #lastPeerStreamId = 0;
  #goAwayReceived = false;
  #closing = false;
  #closed = false;

  constructor(socket: Socket, options: Http2ConnectionOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#initialWindowSize = options.initialWindowSize ?? 16 * 1024 * 1024;
    this.#connectionWindowSize = options.connectionWindowSize ?? 64 * 1024 * 1024;
    const maxFrameSize = options.maxFrameSize ?? 1024 * 1024;
    const maxHeaderListSize = options.maxHeaderListSize ?? 1024 * 1024;
    const client = options.role === 'client';
    this.#nextStreamId = client ? 1 : 2;
    this.#decoder = new HpackDecoder({ maxHeaderListSize });
    this.#parser = new FrameParser({
      maxFrameSize,
      maxHeaderBlockSize: maxHeaderListSize,
      expectPreface: !client,
      onFrame: (frame) => this.#onFrame(frame),
    });
    this.#output = new ConnectionOutput(socket, {
      onDrain: () => {
        for (const stream of this.#streams.values()) stream.notifyWritable();
      },
      onStreamClosed: (stream) => {
        this.#streams.delete(stream.id);
        options.onStreamClosed?.();
        if (this.#streams.size === 0 && (this.#closing || this.#goAwayReceived)) this.#endSocket();
      },
    });

    if (client) this.#send(CLIENT_PREFACE);
    const settings: [number, number][] = [
      [SettingId.INITIAL_WINDOW_SIZE, this.#initialWindowSize],
      [SettingId.MAX_FRAME_SIZE, maxFrameSize],
      [SettingId.MAX_HEADER_LIST_SIZE, maxHeaderListSize],
    ];
    if (client) settings.push([SettingId.ENABLE_PUSH, 0]);
    if (options.maxConcurrentStreams !== undefined)
      settings.push([SettingId.MAX_CONCURRENT_STREAMS, options.maxConcurrentStreams]);
    this.#send(settingsFrame(settings));
    if (this.#connectionWindowSize > DEFAULT_WINDOW)
      this.#send(windowUpdateFrame(0, this.#connectionWindowSize - DEFAULT_WINDOW));

    socket.on('data', (chunk: Buffer) => {
      try {
        this.#parser.push(chunk);
      } catch (error) {
        this.#fail(error);
      }
    });
    socket.on('error', (error) =>
      this.#end(new Http2ConnectionError(ErrorCode.INTERNAL_ERROR, `the connection failed: ${error.message}`)),
    );
    socket.on('close', () => this.#end(undefined));
  }

  /** The peer's settings as last received. */
  get peerSettings(): Http2Settings {
    return this.#peer;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Takes no new streams, ever: closed, closing, told to go away, or out of stream ids. A new connection is needed. */
  get draining(): boolean {
    return this.#closed || this.#closing || this.#goAwayReceived || this.#nextStreamId > MAX_STREAM_ID;
  }

  /** Client: a new stream may be opened now: not draining, and under the peer's stream limit. */
  get canOpenStream(): boolean {
    return !this.draining && this.#streams.size < this.#peer.maxConcurrentStreams;
  }

  /** Client: opens a stream; send its headers at once, streams must start in the order they were opened. */
  openStream(listener: StreamListener): Http2Stream {
    if (!this.canOpenStream) throw new Error('this HTTP/2 connection cannot open a stream now: check canOpenStream first');
    const stream = new Http2Stream(this.#nextStreamId, this.#output, this.#peer.initialWindowSize, listener);
    this.#nextStreamId += 2;
    this.#streams.set(stream.id, stream);
    return stream;
  }

  /** Ends the connection gracefully: a GOAWAY now, the socket once the open streams are done. */
  close(): void {
    if (this.#closed || this.#closing) return;
    this.#closing = true;
    this.#send(goAwayFrame(this.#lastPeerStreamId));
    if (this.#streams.size === 0) this.#endSocket();
  }

  /** Ends the connection at once; open streams end with `error`'s message. */
  destroy(error = new Http2ConnectionError(ErrorCode.CANCEL, 'the connection was closed')): void {
    if (this.#closed) return;
    this.#send(goAwayFrame(this.#lastPeerStreamId, error.errorCode));
    this.#endSocket();
    this.#end(error);
  }

  #onFrame(frame: Frame): void {
    switch (frame.type) {
      case FrameType.DATA:
        this.#onData(frame);
        break;
      case FrameType.HEADERS:
        this.#onHeaders(frame);
        break;
      case FrameType.RST_STREAM:
        this.#streams.get(frame.streamId)?.close(Http2StreamError.reset(frame.payload.readUInt32BE(0)));
        break;
      case FrameType.SETTINGS:
        this.#onSettings(frame);
        break;
      case FrameType.PING:
        if (!(frame.flags & Flag.ACK)) this.#send(pingFrame(Buffer.from(frame.payload), true));
        break;
      case FrameType.GOAWAY:
        this.#onGoAway(frame);
        break;
      case FrameType.WINDOW_UPDATE:
        this.#onWindowUpdate(frame);
        break;
      case FrameType.PUSH_PROMISE:
        throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'a PUSH_PROMISE, but push is disabled');
      default:
      // PRIORITY: deprecated (RFC 9113 §5.3.2), nothing to do.
    }
  }

  #onData({ streamId, flags, payload, length }: Frame): void {
    this.#receivedUnacknowledged += length;
    if (this.#receivedUnacknowledged >= this.#connectionWindowSize / 2) {
      this.#send(windowUpdateFrame(0, this.#receivedUnacknowledged));
      this.#receivedUnacknowledged = 0;
    }
    const stream = this.#streams.get(streamId);
    // A stream reset here may still receive what was in flight; its window above is all it costs.
    if (!stream) {
      this.#checkKnown(streamId);
      return;
    }
    if (stream.remoteEnded) {
      stream.reset(ErrorCode.STREAM_CLOSED);
      return;
    }
    const endStream = (flags & Flag.END_STREAM) !== 0;
    if (!endStream) {
      stream.receivedUnacknowledged += length;
      if (stream.receivedUnacknowledged >= this.#initialWindowSize / 2) {
        this.#send(windowUpdateFrame(streamId, stream.receivedUnacknowledged));
        stream.receivedUnacknowledged = 0;
      }
    }
    stream.listener.onData(payload, endStream);
    if (endStream && !stream.closed) stream.endRemote();
  }

  #onHeaders({ streamId, flags, payload }: Frame): void {
    // Every block is decoded, even for a stream gone: the HPACK table must stay in step.
    const fields = this.#decoder.decode(payload);
    const endStream = (flags & Flag.END_STREAM) !== 0;
    const stream = this.#streams.get(streamId);
    if (stream) {
      if (stream.remoteEnded) {
        stream.reset(ErrorCode.STREAM_CLOSED);
        return;
      }
      stream.listener.onHeaders(fields, endStream);
      if (endStream && !stream.closed) stream.endRemote();
      return;
    }
    if (this.#options.role === 'client' || streamId % 2 === 0 || streamId <= this.#lastPeerStreamId) {
      this.#checkKnown(streamId);
      return;
    }
    this.#lastPeerStreamId = streamId;
    const opened = new Http2Stream(streamId, this.#output, this.#peer.initialWindowSize, IGNORE);
    if (this.#closing || this.#streams.size >= (this.#options.maxConcurrentStreams ?? Number.POSITIVE_INFINITY)) {
      opened.reset(ErrorCode.REFUSED_STREAM);
      return;
    }
    this.#streams.set(streamId, opened);
    opened.listener = this.#options.onStream?.(opened, fields, endStream) ?? IGNORE;
    if (endStream && !opened.closed) opened.endRemote();
  }

  /** A frame for a stream not in the table: fine if the stream existed (it was closed), a protocol error if it never did. */
  #checkKnown(streamId: number): void {
    const ours = streamId % 2 === (this.#options.role === 'client' ? 1 : 0);
    const known = ours ? streamId < this.#nextStreamId : streamId <= this.#lastPeerStreamId;
    if (!known) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, `a frame on stream ${streamId}, which was never opened`);
  }

  #onSettings({ flags, payload }: Frame): void {
    if (flags & Flag.ACK) return;
    const before = this.#peer.initialWindowSize;
    this.#peer = applySettings(this.#peer, payload);
    this.#output.maxFrameSize = this.#peer.maxFrameSize;
    const delta = this.#peer.initialWindowSize - before;
    for (const stream of this.#streams.values()) {
      stream.sendWindow += delta;
      if (stream.sendWindow > MAX_WINDOW)
        throw new Http2ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, 'SETTINGS_INITIAL_WINDOW_SIZE overflows a window');
    }
    this.#send(SETTINGS_ACK);
    if (delta > 0) this.#output.resumeBlocked();
  }

  #onGoAway({ payload }: Frame): void {
    const lastStreamId = payload.readUInt32BE(0) & MAX_STREAM_ID;
    const errorCode = payload.readUInt32BE(4);
    const debug = payload.subarray(8).toString('utf8');
    this.#goAwayReceived = true;
    const why = `the peer is closing the connection (GOAWAY ${errorCodeName(errorCode)}${debug ? `: ${debug}` : ''})`;
    const ours = this.#options.role === 'client' ? 1 : 0;
    for (const stream of [...this.#streams.values()]) {
      if (stream.id > lastStreamId && stream.id % 2 === ours)
        stream.close(new Http2StreamError(errorCode, `${why} before it processed the stream`, true));
    }
    if (this.#streams.size === 0) this.#endSocket();
  }

  #onWindowUpdate({ streamId, payload }: Frame): void {
    const increment = payload.readUInt32BE(0) & MAX_WINDOW;
    if (streamId === 0) {
      if (increment === 0) throw new Http2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'a WINDOW_UPDATE of 0 for the connection');
      this.#output.grow(increment);
      return;
    }
    const stream = this.#streams.get(streamId);
    if (!stream) {
      this.#checkKnown(streamId);
      return;
    }
    stream.sendWindow += increment;
    if (increment === 0) {
      stream.reset(ErrorCode.PROTOCOL_ERROR);
      return;
    }
    if (stream.sendWindow > MAX_WINDOW) {
      stream.reset(ErrorCode.FLOW_CONTROL_ERROR);
      return;
    }
    this.#output.resume(stream);
  }

  /** Queues bytes for the socket: everything queued in this turn of the event loop goes out in one write. */
  #send(bytes: Buffer): void {
    this.#output.send(bytes);
  }

  /** Sends what is queued, then closes the socket, without waiting for the peer to close its side; its 'close' ends the connection. */
  #endSocket(): void {
    this.#output.flush();
    this.#socket.destroySoon();
  }

  /** A connection error: a GOAWAY saying why, then the end. A foreign error is a bug on this side. */
  #fail(error: unknown): void {
    const failure =
      error instanceof Http2ConnectionError
        ? error
        : new Http2ConnectionError(ErrorCode.INTERNAL_ERROR, error instanceof Error ? error.message : String(error));
    this.destroy(failure);
  }

  /** The connection ends, failed with `error` or closed; every stream still open ends with it. */
  #end(error: Http2ConnectionError | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#output.end();
    const reason = error ?? new Http2ConnectionError(ErrorCode.NO_ERROR, 'the connection closed');
    for (const stream of [...this.#streams.values()]) stream.close(new Http2StreamError(reason.errorCode, reason.message));
    this.#streams.clear();
    this.#socket.destroySoon();
    this.#options.onClose?.(error);
  }
}

/** A stream's listener until its owner sets one: nothing to hear. */
const IGNORE: StreamListener = { onHeaders() {}, onData() {}, onClose() {} };
