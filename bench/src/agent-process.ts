/** `chatkube run` as a process for the benchmarks: started on a free port, stopped with SIGTERM. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'packages/agent/bin/chatkube.js');

export interface AgentProcess {
  url: string;
  child: ChildProcess;
}

/** Starts the agent in `cwd` with `args` (and Node's `nodeFlags`); resolves once it says where it listens. */
export async function startAgent(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  nodeFlags: string[] = [],
): Promise<AgentProcess> {
  const child = spawn(process.execPath, [...nodeFlags, CLI, 'run', '--port', '0', ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHATKUBE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /open (http:\/\/\S+?)\/ in a browser/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the agent exited with code ${code}`)));
  });
  return { url, child };
}

export async function stopAgent(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
