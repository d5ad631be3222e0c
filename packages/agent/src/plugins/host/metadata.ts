import type { JsonSchema, PluginMetadata, SourceMetadata } from '@chatkube/api';
import type { executor, source } from '@chatkube/proto';

function schema(wire: executor.JSONSchema | undefined): JsonSchema | undefined {
  if (!wire || (!wire.value && !wire.ref_url)) return undefined;
  return { ...(wire.value ? { value: wire.value } : {}), ...(wire.ref_url ? { refURL: wire.ref_url } : {}) };
}

/** A plugin's metadata from its wire form. */
export function fromWireMetadata(wire: executor.MetadataResponse): PluginMetadata;
export function fromWireMetadata(wire: source.MetadataResponse): SourceMetadata;
export function fromWireMetadata(wire: executor.MetadataResponse | source.MetadataResponse): SourceMetadata {
  const jsonSchema = schema(wire.json_schema);
  const payloadSchema = 'external_request' in wire ? schema(wire.external_request?.payload?.json_schema) : undefined;
  return {
    version: wire.version,
    description: wire.description,
    ...(jsonSchema ? { jsonSchema } : {}),
    ...(Object.keys(wire.dependencies).length > 0 ? { dependencies: wire.dependencies } : {}),
    ...(wire.documentation_url ? { documentationURL: wire.documentation_url } : {}),
    ...(wire.recommended ? { recommended: true } : {}),
    ...(payloadSchema ? { externalRequest: { payload: { jsonSchema: payloadSchema } } } : {}),
  };
}
