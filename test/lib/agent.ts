/**
 * Starts the real agent, `chatkube run`, as a process for a test, and talks
 * to it only as a user would: HTTP, the WebSocket, signals. Stopped (and
 * checked to leave no plugin process behind) when the test file ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { WebSocket } from 'ws';
import { ROOT } from './paths.js';

export const CLI = join(ROOT, 'packages/agent/bin/chatkube.js');
/** SIGTERM lets commands finish for up to 10 s; past this the agent is stuck. */
const STOP_TIMEOUT_MS = 20_000;

export interface RunningAgent {
  url: string;
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<RunningAgent>();
after(async () => {
  for (const agent of running) if (agent.process.exitCode === null) agent.process.kill('SIGKILL');
});

/** Writes `yaml` to `dir/name` and returns the path. */
export function configFile(dir: string, yaml: string, name = 'chatkube.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** Starts `chatkube run` with these arguments on a free port; resolves once it says where it listens. */
export async function startAgent(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<RunningAgent> {
  const child = spawn(process.execPath, [CLI, 'run', '--port', '0', ...args], {
    ...(cwd ? { cwd } : {}),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHATKUBE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the agent did not start within 30 s:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout?.on('data', () => {
      const match = /open (http:\/\/\S+?)\/ in a browser/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited with code ${code} before it started:\n${stdout}\n${stderr}`));
    });
  });
  const agent: RunningAgent = {
    url,
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
      });
      const exit = await Promise.race([once(child, 'exit'), timeout]);
      clearTimeout(timer);
      if (exit === 'timeout') {
        child.kill('SIGKILL');
        throw new Error(`the agent did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`);
      }
      return exit[0] as number | null;
    },
  };
  running.add(agent);
  return agent;
}

/** JSON that tests check field by field. */
// biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field, as JSON.
export type Json = any;

export interface ApiAnswer {
  status: number;
  body: Json;
}

export async function api(agent: { url: string }, path: string, init: RequestInit = {}): Promise<ApiAnswer> {
  const response = await fetch(`${agent.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Posts a command to a web chat channel and waits for its answers. */
export function say(agent: { url: string }, channel: string, text: string, options: { origin?: string; user?: string } = {}) {
  return api(agent, `/api/v1/webchat/channels/${encodeURIComponent(channel)}/messages?wait=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, user: options.user ?? 'alice', ...(options.origin ? { origin: options.origin } : {}) }),
  });
}

/** Every frame the agent's WebSocket pushes, as they come. */
export async function listen(agent: { url: string }, token?: string) {
  const ws = new WebSocket(`${agent.url.replace('http', 'ws')}/api/v1/webchat/ws${token ? `?token=${token}` : ''}`);
  const frames: Json[] = [];
  const waiters: { test: (frame: Json) => boolean; resolve: (frame: Json) => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    frames.push(frame);
    for (const waiter of [...waiters]) {
      if (waiter.test(frame)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  await once(ws, 'open');
  after(() => ws.close());
  return {
    frames,
    ws,
    /** The first frame, already received or coming, that passes `test`. */
    next(test: (frame: Json) => boolean, timeoutMs = 10_000): Promise<Json> {
      const seen = frames.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no such frame within ${timeoutMs} ms; got ${JSON.stringify(frames).slice(-2000)}`)),
          timeoutMs,
        );
        waiters.push({
          test,
          resolve: (frame) => {
            clearTimeout(timer);
            resolve(frame);
          },
        });
      });
    },
  };
}
