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
import { broker, controller, health, stdio } from '@chatkube/proto';
import {
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { assertStartedByHost, handshakeLine, negotiateVersion } from './handshake.js';
import { StdoutCapture } from './stdio.js';

/** One gRPC service a plugin serves besides go-plugin's own. */
export interface PluginService {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

/** The health service name go-plugin's `Ping` checks. */
const HEALTH_SERVICE = 'plugin';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function healthService(): PluginService {
  const SERVING = health.HealthCheckResponse_ServingStatus.SERVING;
  return {
    definition: health.HealthService,
    implementation: {
      check(
        call: ServerUnaryCall<health.HealthCheckRequest, health.HealthCheckResponse>,
        done: sendUnaryData<health.HealthCheckResponse>,
      ) {
        const known = call.request.service === HEALTH_SERVICE || call.request.service === '';
        if (known) done(null, { status: SERVING });
        else done({ code: status.NOT_FOUND, details: `unknown service ${JSON.stringify(call.request.service)}` });
      },
      watch(call: ServerWritableStream<health.HealthCheckRequest, health.HealthCheckResponse>) {
        call.write({ status: SERVING });
      },
    },
  };
}

function brokerService(): PluginService {
  // chatkube brokers no extra connections; the stream stays open until the host closes it.
  return {
    definition: broker.GRPCBrokerService,
    implementation: {
      startStream(call: ServerDuplexStream<broker.ConnInfo, broker.ConnInfo>) {
        call.on('data', () => {});
        call.on('end', () => call.end());
      },
    },
  };
}

/**
 * Starts the plugin server and prints the handshake. Without the host's
 * cookie it prints go-plugin's message on stderr and exits 1.
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
  const capture = new StdoutCapture();
  const socketPath = join(tmpdir(), `plugin${randomBytes(6).readUIntBE(0, 6)}`);
  const server = new Server({ 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 });

  const shutdown = (): void => {
    if (stop.signal.aborted) return;
    stop.abort();
    // Let the Shutdown answer reach the host, then stop as go-plugin does.
    server.tryShutdown(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  const own: PluginService[] = [
    healthService(),
    brokerService(),
    {
      definition: controller.GRPCControllerService,
      implementation: {
        shutdown(_call: ServerUnaryCall<controller.Empty, controller.Empty>, done: sendUnaryData<controller.Empty>) {
          done(null, {});
          setImmediate(shutdown);
        },
      },
    },
    { definition: stdio.GRPCStdioService, implementation: { streamStdio: capture.serve.bind(capture) } },
  ];
  for (const service of [...own, ...services(stop.signal)]) server.addService(service.definition, service.implementation);

  await new Promise<void>((resolve, reject) => {
    server.bindAsync(`unix:${socketPath}`, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve()));
  });
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
  capture.install();
}
