import type { JsonSchema, PluginMetadata, SourceMetadata } from '@chatkube/api';
import type * as executor from '@chatkube/proto/executor';
import type * as source from '@chatkube/proto/source';

function schema(value: JsonSchema | undefined): executor.JSONSchema {
  const inline = value?.value;
  return { value: typeof inline === 'object' ? JSON.stringify(inline) : (inline ?? ''), ref_url: value?.refURL ?? '' };
}

/** The wire form of an executor's metadata. */
export function executorMetadata(metadata: PluginMetadata): executor.MetadataResponse {
  return {
    version: metadata.version,
    description: metadata.description,
    json_schema: schema(metadata.jsonSchema),
    dependencies: metadata.dependencies ?? {},
    documentation_url: metadata.documentationURL ?? '',
    recommended: metadata.recommended ?? false,
  };
}

/** The wire form of a source's metadata; like Go's, it always carries a payload schema. */
export function sourceMetadata(metadata: SourceMetadata): source.MetadataResponse {
  return {
    ...executorMetadata(metadata),
    external_request: { payload: { json_schema: schema(metadata.externalRequest?.payload.jsonSchema) } },
  };
}
