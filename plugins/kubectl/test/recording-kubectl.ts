/**
 * A stand-in kubectl for tests: a node script that records each call (argv,
 * KUBECONFIG, the kubeconfig's content and mode) as one JSON line in
 * `calls.jsonl` beside itself, and prints what the test scripted for the
 * first word of its arguments after flags. `stream` prints a line every
 * 20 ms until it is killed, and records its pid first.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecordedCall {
  argv: string[];
  kubeconfig?: string;
  kubeconfigContent?: string;
  kubeconfigMode?: number;
  pid: number;
}

export interface Scripted {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Print `line N` every 20 ms until killed. */
  stream?: boolean;
}

const SCRIPT = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const dir = __dirname;
const argv = process.argv.slice(2);
const call = { argv, pid: process.pid };
const kc = process.env.KUBECONFIG;
if (kc) {
  call.kubeconfig = kc;
  try { call.kubeconfigContent = fs.readFileSync(kc, 'utf8'); call.kubeconfigMode = fs.statSync(kc).mode & 0o777; } catch {}
}
fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify(call) + '\\n');
const script = JSON.parse(fs.readFileSync(path.join(dir, 'script.json'), 'utf8'));
const words = argv.filter((w, i) => !w.startsWith('-') && !(argv[i - 1] || '').match(/^-(n|o)$/));
const key = words.join(' ');
const match = Object.keys(script).sort((a, b) => b.length - a.length).find((k) => key.startsWith(k)) ?? '';
const answer = script[match] ?? { stdout: 'ran ' + argv.join(' ') + '\\n' };
if (answer.stream) {
  let n = 0;
  setInterval(() => process.stdout.write('line ' + ++n + '\\n'), 20);
} else {
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.stderr) process.stderr.write(answer.stderr);
  process.exitCode = answer.exitCode ?? 0;
}
`;

export class RecordingKubectl {
  readonly dir: string;

  /** Writes the script as `kubectl` (CommonJS, run by node) into a new directory. */
  constructor(dir = mkdtempSync(join(tmpdir(), 'recording-kubectl-'))) {
    this.dir = dir;
    const file = join(dir, 'kubectl');
    writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
    writeFileSync(file, SCRIPT);
    chmodSync(file, 0o755);
    this.script({});
  }

  /** What to print, by the command's words (the longest matching prefix wins; `''` for any). */
  script(answers: Record<string, Scripted>): void {
    writeFileSync(join(this.dir, 'script.json'), JSON.stringify(answers));
  }

  calls(): RecordedCall[] {
    const file = join(this.dir, 'calls.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RecordedCall);
  }

  clear(): void {
    writeFileSync(join(this.dir, 'calls.jsonl'), '');
  }
}
