// Runs the whole test suite with node's test runner: every compiled
// *.test.js of the workspaces. The Go interop peers are built first
// (test/go/build.sh, from Debian's Go packages; .ci/run installs them).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

execFileSync('bash', [join(root, 'test/go/build.sh')], { stdio: 'inherit' });

const workspaces = ['packages', 'plugins'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name)),
);
const files = [...workspaces, join(root, 'test')].flatMap((dir) => testFiles(join(dir, 'dist')));
const filter = process.argv[2];
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
if (selected.length === 0) {
  console.error(`no test files found${filter ? ` matching ${filter}` : ''}: run npm run build first`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
