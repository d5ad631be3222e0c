/** Serves a {@link SourcePlugin} as Botkube's `source.Source` service. */
import { encodeEvent, type SourceContext, type SourcePlugin } from '@chatkube/api';
import { source as sourceWire } from '@chatkube/proto';
import { status } from '@grpc/grpc-js';
import { writeWithBackpressure } from './backpressure.js';
import { parseConfigs } from './configs.js';
import { serviceError, toServiceError } from './grpc-errors.js';
import { sourceMetadata } from './metadata.js';
import { type PluginService, servePlugin } from './server.js';

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

const unimplemented = (what: string) => serviceError(status.UNIMPLEMENTED, `this source does not ${what}`);

/** The service that exposes `plugin`. */
export function sourceServices(plugin: SourcePlugin, stopping: AbortSignal): PluginService[] {
  const implementation: sourceWire.SourceServer = {
    async stream(call) {
      if (!plugin.stream) {
        call.emit('error', unimplemented('stream events'));
        return;
      }
      const cancelled = new AbortController();
      call.on('cancelled', () => cancelled.abort(new Error('the host cancelled the stream')));
      const signal = AbortSignal.any([cancelled.signal, stopping]);
      try {
        const { context } = call.request;
        const kubeConfig = context?.kubeConfig;
        const input = {
          configs: parseConfigs(call.request.configs),
          context: { ...toSourceContext(context?.sourceContext), ...(kubeConfig?.length ? { kubeConfig } : {}) },
        };
        for await (const event of plugin.stream(input, signal)) {
          if (signal.aborted) break;
          await writeWithBackpressure(call, { event: Buffer.from(encodeEvent(event), 'utf8') }, signal);
        }
        call.end();
      } catch (error) {
        if (!call.cancelled) call.emit('error', toServiceError(error));
      }
    },
    async handleExternalRequest(call, done) {
      if (!plugin.handleExternalRequest) {
        done(unimplemented('handle incoming webhooks'));
        return;
      }
      try {
        const [config] = parseConfigs(call.request.config ? [call.request.config] : []);
        const event = await plugin.handleExternalRequest({
          payload: call.request.payload,
          config: config ?? {},
          context: toSourceContext(call.request.context?.sourceContext),
        });
        done(null, { event: Buffer.from(encodeEvent(event), 'utf8') });
      } catch (error) {
        done(toServiceError(error));
      }
    },
    metadata(_call, done) {
      done(null, sourceMetadata(plugin.metadata));
    },
  };
  return [{ definition: sourceWire.SourceService, implementation }];
}

/** Runs `plugin` as a source plugin process that any go-plugin host can start. */
export function serveSource(plugin: SourcePlugin): Promise<void> {
  return servePlugin((stopping) => sourceServices(plugin, stopping));
}
