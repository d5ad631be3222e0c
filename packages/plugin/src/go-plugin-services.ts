/**
 * The services every go-plugin plugin serves besides its own: health (the
 * host's ping), the controller (Shutdown), the broker and stdio.
 */
import * as broker from '@chatkube/proto/broker';
import * as controller from '@chatkube/proto/controller';
import * as h2 from '@chatkube/proto/h2';
import * as health from '@chatkube/proto/health';
import * as stdio from '@chatkube/proto/stdio';
import { defineService, type PluginService } from './grpc-service.js';
import type { StdoutCapture } from './stdio.js';

/** The health service name go-plugin's `Ping` checks. */
const HEALTH_SERVICE = 'plugin';
const SERVING = health.HealthCheckResponse_ServingStatus.SERVING;

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export function goPluginServices(options: { stdout: StdoutCapture; onShutdown: () => void }): PluginService[] {
  return [
    defineService(health.HealthService, {
      check({ service }) {
        if (service === HEALTH_SERVICE || service === '') return { status: SERVING };
        throw new h2.GrpcStatusError(h2.Status.NOT_FOUND, `unknown service ${JSON.stringify(service)}`);
      },
      async watch(_request, call) {
        await call.send({ status: SERVING });
        await aborted(call.signal);
      },
    }),
    defineService(broker.GRPCBrokerService, {
      // chatkube brokers no extra connections; the stream stays open until the host ends it.
      async startStream(requests) {
        for await (const _info of requests) {
          // Nothing to connect to.
        }
      },
    }),
    defineService(controller.GRPCControllerService, {
      shutdown() {
        // After the answer is on its way: the server waits for it before the process exits.
        setImmediate(options.onShutdown);
        return {};
      },
    }),
    defineService(stdio.GRPCStdioService, { streamStdio: (_request, call) => options.stdout.serve(call) }),
  ];
}
