/** Where the things the tests run live, and scratch folders that clean up after themselves. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { pluginExecutableName } from 'chatkube';

export const ROOT = new URL('../../..', import.meta.url).pathname;

export const ECHO_BIN = join(ROOT, 'dist/plugins', pluginExecutableName('executor', 'echo'));

/** A Go interop peer built by test/go/build.sh. */
export function goBin(name: 'go-echo-executor' | 'go-source' | 'go-host' | 'go-golden' | 'go-template'): string {
  const path = join(ROOT, 'test/go/.build/bin', name);
  if (!existsSync(path))
    throw new Error(`${path} is missing: run bash test/go/build.sh (needs Debian's golang-go and hashicorp go-plugin)`);
  return path;
}

/** A scratch folder removed when the test file ends. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chatkube-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes an executable shell script into `dir` and returns its path. */
export function script(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

/** True while a process with this pid runs; a zombie waiting for init to reap it does not. */
export function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; the command name may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
