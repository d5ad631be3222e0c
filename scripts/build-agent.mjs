// Bundles the agent and its CLI into one file, packages/agent/dist/chatkube.mjs,
// which bin/chatkube.js runs. One file instead of some hundreds of modules:
// the agent starts faster and keeps about 14 MiB less memory (measured idle
// on the embedded default). The web chat's static files stay a package of
// their own; everything else the agent needs at run time it finds from its
// package folder (src/package-root.ts).
import { build } from 'esbuild';

const agent = new URL('../packages/agent/', import.meta.url).pathname;
await build({
  entryPoints: [`${agent}dist/src/cli/main.js`],
  outfile: `${agent}dist/chatkube.mjs`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minifyWhitespace: true,
  legalComments: 'none',
  // CommonJS dependencies (grpc-js, fastify, …) call require.
  banner: {
    js: "import { createRequire as __chatkubeRequire } from 'node:module'; const require = __chatkubeRequire(import.meta.url);",
  },
  external: ['@chatkube/webchat-ui'],
  logLevel: 'warning',
});
console.log('built packages/agent/dist/chatkube.mjs');
