/** Serves a {@link SourcePlugin} as Botkube's `source.Source` service. */
import { encodeEvent, type SourceContext, type SourcePlugin } from '@chatkube/api';
import * as h2 from '@chatkube/proto/h2';
import * as sourceWire from '@chatkube/proto/source';
import { parseConfigs } from './configs.js';
import { defineService, type PluginService } from './grpc-service.js';
import { sourceMetadata } from './metadata.js';
import { servePlugin } from './server.js';

function toSourceContext(context: sourceWire.SourceContext | undefined): SourceContext {
  return {
    isInteractivitySupported: context?.isInteractivitySupported ?? false,
    clusterName: context?.clusterName ?? '',
    sourceName: context?.sourceName ?? '',
    incomingWebhook: {
      baseURL: context?.incomingWebhook?.baseURL ?? '',
      fullURLForSource: context?.incomingWebhook?.fullURLForSource ?? '',
    },
  };
}

const unimplemented = (what: string) => new h2.GrpcStatusError(h2.Status.UNIMPLEMENTED, `this source does not ${what}`);

/** The service that exposes `plugin`. A handler's error ends its call with UNKNOWN and the error's text (see grpc-errors.ts). */
export function sourceServices(plugin: SourcePlugin): PluginService[] {
  return [
    defineService(sourceWire.SourceService, {
      async stream(request, call) {
        if (!plugin.stream) throw unimplemented('stream events');
        const kubeConfig = request.context?.kubeConfig;
        const input = {
          configs: parseConfigs(request.configs),
          context: { ...toSourceContext(request.context?.sourceContext), ...(kubeConfig?.length ? { kubeConfig } : {}) },
        };
        for await (const event of plugin.stream(input, call.signal)) {
          if (call.signal.aborted) return;
          await call.send({ event: Buffer.from(encodeEvent(event), 'utf8') });
        }
      },
      async handleExternalRequest(request) {
        if (!plugin.handleExternalRequest) throw unimplemented('handle incoming webhooks');
        const [config] = parseConfigs(request.config ? [request.config] : []);
        const event = await plugin.handleExternalRequest({
          payload: request.payload,
          config: config ?? {},
          context: toSourceContext(request.context?.sourceContext),
        });
        return { event: Buffer.from(encodeEvent(event), 'utf8') };
      },
      metadata: () => sourceMetadata(plugin.metadata),
    }),
  ];
}

/** Runs `plugin` as a source plugin process that any go-plugin host can start. */
export function serveSource(plugin: SourcePlugin): Promise<void> {
  return servePlugin(() => sourceServices(plugin));
}
