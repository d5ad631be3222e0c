// Writes every first-party plugin as one self-contained executable file,
// dist/plugins/{kind}_{name}_{os}_{arch}: a bundle with a node shebang, which
// any go-plugin host can start without the repository's node_modules.
// Node reads an extensionless file as CommonJS or as an ES module depending
// on the nearest package.json, so the CommonJS bundle is wrapped in a
// function that gets `require` from a dynamic import, valid in both.
// A plugin declares itself in its package.json:
//   "chatkube": { "kind": "executor", "name": "echo", "entry": "dist/src/main.js" }
import { chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
// Built by `tsc -b`, which `npm run build` runs first.
import { pluginExecutableName } from '../packages/agent/dist/src/plugins/executable-name.js';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist/plugins');

const BANNER = [
  '#!/usr/bin/env node',
  'import("node:module").then(({ createRequire }) => {',
  'const require = createRequire(process.argv[1]);',
  'const module = { exports: {} }, exports = module.exports;',
  'const __filename = process.argv[1], __dirname = require("node:path").dirname(__filename);',
].join('\n');

/**
 * Plugins serve gRPC with the SDK's own server; grpc-js reaches them only
 * through the generated client constructors, which are marked pure. Telling
 * esbuild that grpc-js has no side effects lets it drop the library: about
 * 600 KB of bundle, 40 ms of start-up and 12 MiB of memory per plugin.
 */
const grpcJsIsSideEffectFree = {
  name: 'grpc-js-is-side-effect-free',
  setup(builder) {
    builder.onResolve({ filter: /^@grpc\/grpc-js$/ }, async (args) => {
      if (args.pluginData === 'resolved') return undefined;
      const resolved = await builder.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'resolved' });
      return { ...resolved, sideEffects: false };
    });
  },
};

mkdirSync(out, { recursive: true });
const plugins = readdirSync(join(root, 'plugins')).flatMap((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, 'plugins', dir, 'package.json'), 'utf8')).chatkube;
  return manifest ? [{ dir, ...manifest }] : [];
});
await Promise.all(
  plugins.map(async ({ dir, kind, name, entry }) => {
    const file = join(out, pluginExecutableName(kind, name));
    await build({
      entryPoints: [join(root, 'plugins', dir, entry)],
      outfile: file,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minifyWhitespace: true,
      banner: { js: BANNER },
      footer: { js: '});' },
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [grpcJsIsSideEffectFree],
    });
    chmodSync(file, 0o755);
    console.log(`built ${file.slice(root.length)}`);
  }),
);
