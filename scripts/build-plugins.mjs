// Writes every first-party plugin as one self-contained executable file,
// dist/plugins/{kind}_{name}_{os}_{arch}: a bundle with a node shebang, which
// any go-plugin host can start without the repository's node_modules.
// Node reads an extensionless file as CommonJS or as an ES module depending
// on the nearest package.json, so the CommonJS bundle is wrapped in a
// function that gets `require` from a dynamic import, valid in both.
// A plugin that names its plugin object (`object`, an export of the package's
// main module) also gets a worker module, dist/plugins/worker/{kind}_{name}.mjs:
// an ES module bundle that serves the object when the agent runs it in a
// worker thread (`serveWorker` of @chatkube/plugin/worker), and exports it
// as its default otherwise.
// A plugin declares itself in its package.json:
//   "chatkube": { "kind": "executor", "name": "echo", "entry": "dist/src/main.js", "object": "echo" }
import { chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
// Built by `tsc -b`, which `npm run build` runs first.
import { pluginExecutableName, pluginWorkerModuleName } from '../packages/agent/dist/src/plugins/executable-name.js';

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

/** The worker module's entry: the plugin object, served in a worker and exported as the default. */
const workerEntry = (main, object) =>
  [
    "import { serveWorker } from '@chatkube/plugin/worker';",
    `import { ${object} as plugin } from ${JSON.stringify(main)};`,
    'serveWorker(plugin);',
    'export default plugin;',
  ].join('\n');

/** CommonJS dependencies in an ES module bundle call require. */
const ESM_BANNER =
  "import { createRequire as __chatkubeRequire } from 'node:module'; const require = __chatkubeRequire(import.meta.url);";

async function buildWorkerModule({ dir, kind, name, object, main }) {
  const file = join(out, pluginWorkerModuleName(kind, name));
  await build({
    stdin: {
      contents: workerEntry(join(root, 'plugins', dir, main), object),
      resolveDir: join(root, 'plugins', dir),
      loader: 'js',
    },
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minifyWhitespace: true,
    banner: { js: ESM_BANNER },
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [grpcJsIsSideEffectFree],
  });
  console.log(`built ${file.slice(root.length)}`);
}

mkdirSync(join(out, 'worker'), { recursive: true });
const plugins = readdirSync(join(root, 'plugins')).flatMap((dir) => {
  const pkg = JSON.parse(readFileSync(join(root, 'plugins', dir, 'package.json'), 'utf8'));
  return pkg.chatkube ? [{ dir, main: pkg.main, ...pkg.chatkube }] : [];
});
await Promise.all(plugins.filter((plugin) => plugin.object).map((plugin) => buildWorkerModule(plugin)));
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
