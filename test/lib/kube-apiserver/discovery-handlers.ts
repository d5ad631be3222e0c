/** Serves the routes that are not resources: /version, health, discovery documents and OpenAPI v3. */
import type { ServerResponse } from 'node:http';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
  wantsAggregated,
} from './discovery.js';
import { sendJson } from './http-io.js';
import { openApiDocument, openApiIndex } from './openapi.js';
import type { ResourceTable } from './resources.js';
import type { ResourceRoute, Route } from './routes.js';
import { pathNotFound } from './status.js';

/** The document a non-resource route serves, with its Content-Type; undefined when nothing is served there. */
function documentFor(
  table: ResourceTable,
  target: Exclude<Route, ResourceRoute>,
  accept: string | undefined,
  host: string,
): [Record<string, unknown>, string?] | undefined {
  switch (target.kind) {
    case 'version':
      return [VERSION_INFO];
    case 'core':
      // kubectl asks for aggregated discovery first and falls back to the legacy documents when not given it.
      return wantsAggregated(accept) ? [aggregatedDiscovery(table, true), AGGREGATED_CONTENT_TYPE] : [apiVersions(host)];
    case 'groups':
      return wantsAggregated(accept) ? [aggregatedDiscovery(table, false), AGGREGATED_CONTENT_TYPE] : [apiGroupList(table)];
    case 'group': {
      const document = apiGroupDocument(table, target.group);
      return document === undefined ? undefined : [document];
    }
    case 'groupVersion': {
      const document = apiResourceList(table, target.groupVersion);
      return document === undefined ? undefined : [document];
    }
    case 'openapi': {
      if (target.path === 'v3') return [openApiIndex(table)];
      const document = target.path.startsWith('v3/') ? openApiDocument(table, target.path.slice('v3/'.length)) : undefined;
      return document === undefined ? undefined : [document];
    }
    default:
      return undefined;
  }
}

/** Answers a non-resource route; `host` is what /api reports as the server address. */
export function serveDiscovery(
  table: ResourceTable,
  target: Exclude<Route, ResourceRoute>,
  accept: string | undefined,
  host: string,
  response: ServerResponse,
): void {
  if (target.kind === 'health') {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('ok');
    return;
  }
  const found = documentFor(table, target, accept, host);
  if (found === undefined) throw pathNotFound();
  sendJson(response, 200, found[0], found[1]);
}
