/**
 * Just enough OpenAPI v3 for kubectl: the root index and, per group/version, the PATCH operations with their
 * `x-kubernetes-group-version-kind` and the `fieldValidation` parameter. kubectl's create/apply read this to learn
 * that the server validates fields itself, so they skip client-side validation (which needs the protobuf
 * OpenAPI v2 document, not served). No schemas: `kubectl explain` does not work.
 */
import { groupVersionOf, type ResourceTable } from './resources.js';
import type { ResourceType } from './types.js';

/** `api/v1`, `apis/apps/v1`: how the v3 index names a group/version. */
function indexPath(groupVersion: string): string {
  return groupVersion === 'v1' ? 'api/v1' : `apis/${groupVersion}`;
}

/** /openapi/v3: the index of per-group/version documents. */
export function openApiIndex(table: ResourceTable): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const groupVersion of new Set(table.types.map(groupVersionOf))) {
    const path = indexPath(groupVersion);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${groupVersion.replaceAll('/', '-')}` };
  }
  return { paths };
}

const queryParameter = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });

function objectPath(type: ResourceType): string {
  const prefix = `/${indexPath(groupVersionOf(type))}`;
  return type.namespaced ? `${prefix}/namespaces/{namespace}/${type.resource}/{name}` : `${prefix}/${type.resource}/{name}`;
}

/** /openapi/v3/api/v1 or /openapi/v3/apis/{group}/{version}; undefined when nothing is served there. */
export function openApiDocument(table: ResourceTable, path: string): Record<string, unknown> | undefined {
  const groupVersion = path === 'api/v1' ? 'v1' : path.startsWith('apis/') ? path.slice('apis/'.length) : undefined;
  if (groupVersion === undefined || !table.hasGroupVersion(groupVersion)) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of table.typesIn(groupVersion)) {
    const gvk = { group: type.group, version: type.version, kind: type.kind };
    const operation = (id: string, action: string) => ({
      operationId: `${id}${type.kind}`,
      parameters: [queryParameter('dryRun'), queryParameter('fieldManager'), queryParameter('fieldValidation')],
      responses: { '200': { description: 'OK' } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    paths[objectPath(type)] = { patch: operation('patch', 'patch'), put: operation('replace', 'put') };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}
