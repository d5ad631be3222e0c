// Runs the whole test suite with node's test runner: every compiled
// *.test.js of the workspaces. The Go interop peers are built first
// (test/go/build.sh, from Debian's Go packages; .ci/run installs them).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
// Spec output for people; a TAP copy to count from, for the plain closing line CI reads.
const tap = join(mkdtempSync(join(tmpdir(), 'chatkube-tests-')), 'results.tap');
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...selected,
  ],
  { stdio: 'inherit', cwd: root },
);
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(readFileSync(tap, 'utf8'))?.[1] ?? 0);
console.log(`${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped') + count('todo')} skipped`);
process.exit(result.status ?? 1);
