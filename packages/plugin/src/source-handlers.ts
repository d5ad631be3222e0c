/**
 * What a {@link SourcePlugin} answers to each call of Botkube's
 * `source.Source` service, in the contract's message shapes: one set of
 * handlers, whatever carries the calls (gRPC for a process, a MessagePort
 * for a worker thread).
 */
import { encodeEvent, type SourceContext, type SourcePlugin } from '@chatkube/api';
import * as h2 from '@chatkube/proto/h2';
import type * as sourceWire from '@chatkube/proto/source';
import { parseConfigs } from './configs.js';
import type { HandlersOf } from './grpc-service.js';
import { sourceMetadata } from './metadata.js';

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

export type SourceHandlers = HandlersOf<typeof sourceWire.SourceService>;

/** The handlers that answer for `plugin`. A handler's error is the call's error (see grpc-errors.ts). */
export function sourceHandlers(plugin: SourcePlugin): SourceHandlers {
  return {
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
  };
}
