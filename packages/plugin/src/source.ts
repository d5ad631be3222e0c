/** Serves a {@link SourcePlugin} as Botkube's `source.Source` service. */
import type { SourcePlugin } from '@chatkube/api';
import * as sourceWire from '@chatkube/proto/source';
import { defineService, type PluginService } from './grpc-service.js';
import { servePlugin } from './server.js';
import { sourceHandlers } from './source-handlers.js';

/** The service that exposes `plugin`. A handler's error ends its call with UNKNOWN and the error's text (see grpc-errors.ts). */
export function sourceServices(plugin: SourcePlugin): PluginService[] {
  return [defineService(sourceWire.SourceService, sourceHandlers(plugin))];
}

/** Runs `plugin` as a source plugin process that any go-plugin host can start. */
export function serveSource(plugin: SourcePlugin): Promise<void> {
  return servePlugin(() => sourceServices(plugin));
}
