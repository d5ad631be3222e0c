// Generates the TypeScript wire code in packages/proto/src/gen from proto/*.proto
// with protoc (Debian's protobuf-compiler) and ts-proto.
// `--check` regenerates into a temporary folder and fails when the checked-in
// code differs, so stale generated code never lands.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = join(root, 'packages/proto/src/gen');
const protos = [
  'executor.proto',
  'source.proto',
  'stream.proto',
  'goplugin/grpc_controller.proto',
  'goplugin/grpc_broker.proto',
  'goplugin/grpc_stdio.proto',
  'goplugin/health.proto',
];
const options = [
  'outputServices=grpc-js',
  'env=node',
  'esModuleInterop=true',
  'importSuffix=.js',
  'useExactTypes=false',
  'outputJsonMethods=false',
  'outputPartialMethods=false',
  'useOptionals=none',
  'forceLong=number',
  'snakeToCamel=false',
];

function generate(out) {
  execFileSync(
    'protoc',
    [
      `--plugin=protoc-gen-ts_proto=${join(root, 'node_modules/.bin/protoc-gen-ts_proto')}`,
      `--ts_proto_out=${out}`,
      `--ts_proto_opt=${options.join(',')}`,
      `--proto_path=${join(root, 'proto')}`,
      ...protos,
    ],
    { cwd: join(root, 'proto'), stdio: 'inherit' },
  );
  markClientsPure(out);
}

/**
 * Marks the generated grpc-js client constructors as pure, so that a bundle
 * which never uses them (a plugin) drops them, and grpc-js with them.
 */
function markClientsPure(dir) {
  for (const file of listFiles(dir)) {
    const code = readFileSync(file, 'utf8');
    const marked = code.replaceAll('= makeGenericClientConstructor(', '= /* @__PURE__ */ makeGenericClientConstructor(');
    if (marked !== code) writeFileSync(file, marked);
  }
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

if (process.argv.includes('--check')) {
  const fresh = mkdtempSync(join(tmpdir(), 'chatkube-gen-'));
  try {
    generate(fresh);
    const want = listFiles(fresh)
      .map((f) => relative(fresh, f))
      .sort();
    const have = listFiles(target)
      .map((f) => relative(target, f))
      .sort();
    const stale = [...new Set([...want, ...have])].filter(
      (f) => !want.includes(f) || !have.includes(f) || !readFileSync(join(fresh, f)).equals(readFileSync(join(target, f))),
    );
    if (stale.length > 0) {
      console.error(`generated wire code is stale: ${stale.join(', ')}; run \`npm run gen\` and commit`);
      process.exit(1);
    }
    console.log(`generated wire code is current (${want.length} files)`);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
} else {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  generate(target);
}
