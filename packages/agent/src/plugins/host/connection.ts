/**
 * A connection to a started plugin: one gRPC channel over the address of its
 * handshake, go-plugin's health check and stdio stream, and go-plugin's stop
 * sequence (Shutdown, 2 s grace, SIGKILL).
 */

import { controller, health, stdio } from '@chatkube/proto';
import { Channel, type Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import type { Logger } from '../../logging.js';
import { silentLogger } from '../../logging.js';
import { UnaryTransport } from './h2-unary.js';
import { LineSplitter } from './lines.js';
import { PluginProcess, type StartOptions } from './process.js';

/** go-plugin's health check service name. */
const HEALTH_SERVICE = 'plugin';
const SHUTDOWN_GRACE_MS = 2000;
/** Larger answers are refused with a clear error rather than buffered. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** How long a command may run in a plugin before the call is abandoned. */
export const DEFAULT_CALL_TIMEOUT_MS = 5 * 60_000;
/** The longest deadline gRPC's `grpc-timeout` header carries in milliseconds (8 digits), about 27 hours. */
export const MAX_CALL_TIMEOUT_MS = 99_999_999;
const MAX_LOG_LINE = 16 * 1024;
const STDIO_ATTEMPTS = 3;
const STDIO_RETRY_MS = 1000;

export interface ConnectOptions extends StartOptions {
  /** The largest answer accepted from the plugin; default 16 MiB. */
  maxResponseBytes?: number;
  /** The deadline of each call but event streams; default 5 min, at most {@link MAX_CALL_TIMEOUT_MS}. */
  callTimeoutMs?: number;
}

type ClientConstructor<T> = new (address: string, creds: ReturnType<typeof credentials.createInsecure>, options: object) => T;

export class PluginConnection {
  readonly logger: Logger;
  readonly maxResponseBytes: number;
  readonly callTimeoutMs: number;
  readonly #channel: Channel;
  readonly #unary: UnaryTransport;
  readonly #clients = new Map<unknown, Client>();
  #closing: Promise<void> | undefined;

  private constructor(
    readonly process: PluginProcess,
    options: ConnectOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.callTimeoutMs = Math.min(options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS, MAX_CALL_TIMEOUT_MS);
    this.#channel = new Channel(process.handshake.target, credentials.createInsecure(), {
      'grpc.max_receive_message_length': this.maxResponseBytes,
      'grpc.max_send_message_length': -1,
      // A local socket: reconnect at once after a blip rather than backing off.
      'grpc.initial_reconnect_backoff_ms': 100,
    });
    this.#unary = new UnaryTransport(process.handshake, this.maxResponseBytes);
  }

  get name(): string {
    return this.process.name;
  }

  /** Starts a plugin and connects to it. */
  static async connect(options: ConnectOptions): Promise<PluginConnection> {
    const timeout = options.callTimeoutMs;
    if (timeout !== undefined && !(timeout > 0))
      throw new RangeError(`callTimeoutMs must be a positive number of milliseconds, got ${timeout}`);
    // Everything the plugin says is logged under its name.
    const logger = (options.logger ?? silentLogger).child({ plugin: options.name });
    const started = await PluginProcess.start({ ...options, logger });
    const connection = new PluginConnection(started, { ...options, logger });
    connection.#followStdio();
    return connection;
  }

  /** A typed client of one of the plugin's services, sharing the connection's channel. */
  client<T extends Client>(Service: ClientConstructor<T>): T {
    let client = this.#clients.get(Service);
    if (!client) {
      client = new Service(this.process.handshake.target, credentials.createInsecure(), { channelOverride: this.#channel });
      this.#clients.set(Service, client);
    }
    return client as T;
  }

  /**
   * A unary call on the lean transport: `path` is the gRPC method path
   * (`/executor.Executor/Execute`); resolves with the response bytes.
   */
  unary(path: string, request: Uint8Array, signal?: AbortSignal): Promise<Buffer> {
    return this.#unary.call(path, request, { deadline: Date.now() + this.callTimeoutMs, signal });
  }

  /**
   * A server-streaming call on the lean transport: yields each response
   * message's bytes as it comes.
   */
  serverStream(path: string, request: Uint8Array, signal?: AbortSignal): AsyncIterable<Buffer> {
    return this.#unary.serverStream(path, request, { deadline: Date.now() + this.callTimeoutMs, signal });
  }

  /** Call options carrying the call deadline. */
  callOptions(): { deadline: number } {
    return { deadline: Date.now() + this.callTimeoutMs };
  }

  /** go-plugin's ping: resolves true when the plugin's health is SERVING. */
  async healthy(timeoutMs = 5000): Promise<boolean> {
    if (!this.process.alive) return false;
    const client = this.client(health.HealthClient);
    return new Promise((resolve) => {
      client.check({ service: HEALTH_SERVICE }, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) => {
        resolve(!error && response?.status === health.HealthCheckResponse_ServingStatus.SERVING);
      });
    });
  }

  /** Stops the plugin: Shutdown, up to 2 s to exit, then SIGKILL. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.process.alive) {
      await new Promise<void>((resolve) => {
        this.client(controller.GRPCControllerClient).shutdown(
          {},
          new Metadata(),
          { deadline: Date.now() + SHUTDOWN_GRACE_MS },
          () => resolve(),
        );
      });
      if (!(await this.process.waitForExit(SHUTDOWN_GRACE_MS))) {
        this.logger.warn('plugin did not exit within 2 s of Shutdown; killing it');
        await this.process.kill();
      }
    }
    this.#unary.close();
    for (const client of this.#clients.values()) client.close();
    this.#channel.close();
    await this.process.exited;
  }

  /**
   * Plugins built with go-plugin ≥ 1.3 stream their stdout and stderr; older
   * ones answer UNIMPLEMENTED. A stream that fails otherwise is opened again
   * (a few times, a second apart): such a plugin blocks once about 64 KiB of
   * its output is left unread.
   */
  #followStdio(attemptsLeft = STDIO_ATTEMPTS): void {
    const call = this.client(stdio.GRPCStdioClient).streamStdio({});
    const splitters = new Map<stdio.StdioData_Channel, LineSplitter>();
    call.on('data', (data: stdio.StdioData) => {
      const splitter = splitters.get(data.channel) ?? new LineSplitter(MAX_LOG_LINE);
      splitters.set(data.channel, splitter);
      for (const line of splitter.push(Buffer.from(data.data).toString('utf8'))) {
        if (data.channel === stdio.StdioData_Channel.STDERR) this.process.log.stderr(line);
        else this.process.log.stdout(line);
      }
    });
    call.on('error', (error: ServiceError) => {
      if (error.code === status.UNIMPLEMENTED || error.code === status.CANCELLED) return;
      if (!this.process.alive || this.#closing || attemptsLeft <= 1) {
        this.logger.debug({ err: error.details }, 'plugin stdio stream ended');
        return;
      }
      setTimeout(() => {
        if (this.process.alive && !this.#closing) this.#followStdio(attemptsLeft - 1);
      }, STDIO_RETRY_MS).unref();
    });
    this.process.exited.then(() => call.cancel());
  }
}
