/**
 * An executor whose metadata is what the index builder's tests need, one
 * kind per mode (argv[2]): `deps` declares a dependency for two platforms,
 * `bad-schema` a JSON schema that draft-07 refuses.
 */
import { defineService, servePlugin } from '@chatkube/plugin';
import { executor } from '@chatkube/proto';

const mode = process.argv[2];
const message = Buffer.from('{"baseBody":{"plaintext":"ok"},"timestamp":"0001-01-01T00:00:00Z"}');

const service = defineService(executor.ExecutorService, {
  execute: () => ({ message, messages: [] }),
  help: () => ({ help: message }),
  metadata: () => ({
    version: '2.0.0',
    description: `metadata plugin (${mode})`,
    json_schema: { value: mode === 'bad-schema' ? '{"type": 12}' : '{"type": "object"}', ref_url: '' },
    dependencies:
      mode === 'deps'
        ? {
            tool: {
              urls: {
                'linux/amd64': 'https://example.com/tool-linux.tar.gz//tool',
                'darwin/arm64': 'https://example.com/tool-darwin',
              },
            },
          }
        : {},
    documentation_url: 'https://example.com/docs',
    recommended: true,
  }),
});

await servePlugin(() => [service]);
