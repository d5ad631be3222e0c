/**
 * Serves a plugin the way go-plugin's `plugin.Serve` does: cookie check,
 * version negotiation, a gRPC server on a unix socket in the temp dir, the
 * handshake line on stdout, go-plugin's health, controller, broker and stdio
 * services, SIGINT ignored, and the socket removed on exit. `services` gets
 * a signal that aborts when the host asks the plugin to stop.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goPluginServices } from './go-plugin-services.js';
import { GrpcServer } from './grpc-server.js';
import type { PluginService } from './grpc-service.js';
import { assertStartedByHost, handshakeLine, negotiateVersion } from './handshake.js';
import { StdoutCapture } from './stdio.js';

/** How long a stopping plugin waits for its last answers to reach the host. */
const STOP_GRACE_MS = 1000;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Starts the plugin server and prints the handshake. Never rejects: without
 * the host's cookie it prints go-plugin's message on stderr and exits 1, and
 * a server that cannot listen says why on stderr and exits 1.
 */
export async function servePlugin(services: (stopping: AbortSignal) => readonly PluginService[]): Promise<void> {
  try {
    assertStartedByHost(process.env);
  } catch (error) {
    log((error as Error).message);
    process.exit(1);
  }
  const version = negotiateVersion(process.env, log);
  const stop = new AbortController();
  const stdout = new StdoutCapture();
  const socketPath = join(tmpdir(), `plugin${randomBytes(6).readUIntBE(0, 6)}`);

  const shutdown = (): void => {
    if (stop.signal.aborted) return;
    stop.abort();
    // Let the Shutdown answer reach the host, then exit as go-plugin does.
    void server.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
  };
  const server = new GrpcServer([...goPluginServices({ stdout, onShutdown: shutdown }), ...services(stop.signal)]);
  try {
    await server.listen(socketPath);
  } catch (error) {
    // Nothing to hand back to: the host sees the exit and quotes this line.
    log(`plugin: cannot listen on ${socketPath}: ${(error as Error).message}`);
    process.exit(1);
  }
  process.on('exit', () => {
    try {
      unlinkSync(socketPath);
    } catch {
      // Already gone.
    }
  });
  // A host stops its plugins with Shutdown or SIGKILL; Ctrl-C on its process group must not.
  process.on('SIGINT', () => log('plugin: ignoring SIGINT'));
  process.on('SIGTERM', () => process.exit(143));

  process.stdout.write(handshakeLine(version, socketPath));
  stdout.install();
}
