/**
 * A stand-in for helm, which cannot be installed here: a node script that
 * records each call (argv, environment, pid, the kubeconfig it was given)
 * to calls.jsonl beside it and prints something. Release names pick what
 * it does: `broken` fails as helm does, `stepwise` prints three steps, each
 * once the test creates `next-<n>`, `hang` prints one line and waits.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

const SCRIPT = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const dir = __dirname;
const args = process.argv.slice(2);
const kubeconfig = process.env.KUBECONFIG;
let kube;
if (kubeconfig && fs.existsSync(kubeconfig)) {
  kube = { path: kubeconfig, content: fs.readFileSync(kubeconfig, 'utf8'), mode: fs.statSync(kubeconfig).mode & 0o777 };
}
fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify({ args, env: process.env, pid: process.pid, kube }) + '\n');
const waitFor = (file, then) => {
  const started = Date.now();
  const poll = () => (fs.existsSync(file) ? then() : Date.now() - started > 10000 ? process.exit(9) : setTimeout(poll, 10));
  poll();
};
if (args.includes('broken')) {
  process.stdout.write('partial\n');
  process.stderr.write('Error: release: not found\n');
  process.exit(1);
} else if (args.includes('stepwise')) {
  const step = (n) => {
    process.stdout.write('step ' + n + '\n');
    if (n === 2) process.stderr.write('warning on stderr\n');
    if (n < 3) waitFor(path.join(dir, 'next-' + n), () => step(n + 1));
  };
  step(1);
} else if (args.includes('hang')) {
  process.stdout.write('waiting\n');
  setTimeout(() => {}, 60000);
} else if (args[0] === 'version') {
  process.stdout.write('v3.14.0+fake\n');
} else {
  process.stdout.write('fake helm: ' + args.join(' ') + '\n');
}
`;

export interface HelmCall {
  args: string[];
  env: Record<string, string>;
  pid: number;
  kube?: { path: string; content: string; mode: number };
}

export interface FakeHelm {
  /** The folder holding `helm`: use it as PLUGIN_DEPENDENCY_DIR. */
  dir: string;
  /** Every call so far, oldest first. */
  calls(): HelmCall[];
  /** Lets a `stepwise` call print the step after `n`. */
  next(n: number): void;
}

/** Writes the stand-in into a fresh folder removed when the test file ends. */
export function fakeHelm(): FakeHelm {
  const dir = mkdtempSync(join(tmpdir(), 'chatkube-fake-helm-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'helm'), `#!${process.execPath}\n${SCRIPT}`, { mode: 0o755 });
  const log = join(dir, 'calls.jsonl');
  return {
    dir,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as HelmCall)
        : [],
    next: (n) => writeFileSync(join(dir, `next-${n}`), ''),
  };
}
