/**
 * Findings of the agent's code review, each as the behaviour the README and
 * docs/configuration.md promise: every one of these failed on the code as
 * reviewed, and passes since its fix. Each test runs its own `chatkube run`
 * process.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { api, CLI, configFile, type Json, listen, type RunningAgent, say, startAgent } from '../lib/agent.js';
import { ECHO_BIN, ROOT, scratch, script } from '../lib/paths.js';
import { until } from '../lib/until.js';

const TOKEN = 'hook-token-review';
const BAD_PLUGIN = join(ROOT, 'test/dist/lib/bad-plugin.js');
const EXECUTOR = 'executor_echo_linux_amd64';

/** Waits for `test` to hold, checking every 20 ms, for at most `ms`. */

const texts = (replies: Json[]): string[] =>
  replies.map((reply) => reply.baseBody?.codeBlock ?? reply.baseBody?.plaintext ?? JSON.stringify(reply));

/** A web chat channel `ops` bound to `tools` (chatkube/echo) and, if given, source groups. */
function oneChannel(stateDir: string, extra = '', sources: string[] = []): string {
  return `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [tools], sources: [${sources.join(', ')}] } }
executors:
  tools:
    chatkube/echo: { enabled: true }
settings:
  stateDir: ${stateDir}
${extra}`;
}

function hook(agent: RunningAgent, group: string, payload: unknown) {
  return api(agent, `/sources/v1/${group}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(payload),
  });
}

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe('finding 1: the WebSocket and API answer any web page (no Origin or Host check)', async () => {
  const dir = scratch();
  const agent = await startAgent(['--config', configFile(dir, oneChannel(join(dir, 'state')))]);
  after(() => agent.stop());

  it('refuses a WebSocket opened by a page of another origin', async () => {
    const ws = new WebSocket(`${agent.url.replace('http', 'ws')}/api/v1/webchat/ws`, {
      headers: { origin: 'https://evil.example' },
    });
    const outcome = await Promise.race([
      once(ws, 'open').then(() => 'open'),
      once(ws, 'unexpected-response').then(() => 'refused'),
      once(ws, 'error').then(() => 'refused'),
    ]);
    ws.terminate();
    assert.equal(outcome, 'refused', 'a cross-site page can read every answer and notification of the web chat');
  });

  it('refuses an API request addressed to another host name (DNS rebinding)', async () => {
    const { port } = new URL(agent.url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, path: '/api/v1/webchat/channels', headers: { host: `evil.example:${port}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      request.on('error', reject);
      request.end();
    });
    assert.notEqual(status, 200);
  });
});

describe('finding 2: a command posted while the plugins start is never answered', () => {
  it('answers a command posted before the agent is ready', async () => {
    const dir = scratch();
    const plugins = join(dir, 'plugins');
    const gate = join(dir, 'gate');
    // The echo plugin starts once the test opens the gate: until then the agent is starting.
    mkdirSync(plugins);
    script(plugins, EXECUTOR, `while [ ! -f "${gate}" ]; do sleep 0.05; done\nexec "${ECHO_BIN}"`);
    const port = await freePort();
    const child: ChildProcess = spawn(
      process.execPath,
      [CLI, 'run', '--port', String(port), '--config', configFile(dir, oneChannel(join(dir, 'state')))],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CHATKUBE_LOG_LEVEL: 'warn',
          CHATKUBE_BUNDLED_PLUGINS_DIR: plugins,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    after(async () => {
      if (existsSync(dir)) writeFileSync(gate, '');
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    });
    const agent = { url: `http://127.0.0.1:${port}` };
    await until(async () => (await fetch(`${agent.url}/healthz`).catch(() => undefined))?.status === 200);
    assert.equal((await api(agent, '/readyz')).status, 503, 'the agent is still starting');
    const answer = say(agent, 'ops', 'ping');
    // Let the agent finish starting while the command waits.
    setTimeout(() => existsSync(dir) && writeFileSync(gate, ''), 200);
    const { status, body } = await answer;
    assert.equal(status, 200);
    assert.ok(
      texts(body.replies).some((text) => text.startsWith('pong')),
      `the command got no answer, ever: ${JSON.stringify(body)}`,
    );
  });
});

describe('finding 3: a web chat channel name used in two communication groups', async () => {
  const dir = scratch();
  const config = configFile(
    dir,
    `
communications:
  first:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [tools], sources: [] } }
  second:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [], sources: [] } }
executors:
  tools:
    chatkube/echo: { enabled: true }
settings:
  stateDir: ${join(dir, 'state')}
`,
  );
  let agent: RunningAgent | undefined;
  let refused: Error | undefined;
  try {
    agent = await startAgent(['--config', config]);
    after(() => agent?.stop());
  } catch (error) {
    refused = error as Error;
  }

  it('is refused by the configuration, or both channels are served', async () => {
    if (refused) return assert.match(refused.message, /ops/);
    const channels = (await api(agent as RunningAgent, '/api/v1/webchat/channels')).body as Json[];
    assert.equal(channels.length, 2, `one channel hides the other: ${JSON.stringify(channels)}`);
  });
});

describe('finding 4: a command timeout past 24.8 days', () => {
  it('is refused by the configuration: Node would fire such a timer at once', async () => {
    const dir = scratch();
    await assert.rejects(
      startAgent(['--config', configFile(dir, oneChannel(join(dir, 'state'), '  commandTimeout: 720h'))]),
      /settings\.commandTimeout: expected a duration of at most 24d/,
    );
  });
});

describe('finding 5: --filter on built-in verbs', async () => {
  const dir = scratch();
  const agent = await startAgent(['--config', configFile(dir, oneChannel(join(dir, 'state')))]);
  after(() => agent.stop());

  it('keeps only the matching lines of show config, as Botkube does', async () => {
    const { body } = await say(agent, 'ops', 'show config --filter=clusterName');
    const [text = ''] = texts(body.replies);
    assert.ok(text.includes('clusterName'), text);
    for (const line of text.split('\n')) assert.ok(line.includes('clusterName'), `a line without the filter: ${line}`);
  });
});

describe('finding 6: a webhook sink whose URL carries credentials', async () => {
  const dir = scratch();
  const received: { authorization: string | undefined }[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push({ authorization: request.headers.authorization });
      response.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  after(() => server.close());
  const sinkURL = `http://user:s3cret-pass@127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  const config = configFile(
    dir,
    `
communications:
  g:
    webhook:
      enabled: true
      url: ${sinkURL}
      bindings: { sources: [hooks] }
sources:
  hooks:
    webhook: { bearerToken: ${TOKEN} }
    chatkube/webhook: { enabled: true }
settings:
  stateDir: ${join(dir, 'state')}
`,
  );
  const agent = await startAgent(['--config', config]);
  after(() => agent.stop());

  it('never writes the password to the log', async () => {
    assert.equal((await hook(agent, 'hooks', { title: 't', text: 'x' })).status, 200);
    await until(async () =>
      /chatkube_events_(delivered|dropped)_total\{[^}]*webhook:g/.test(await fetch(`${agent.url}/metrics`).then((r) => r.text())),
    );
    assert.ok(!agent.stderr().includes('s3cret-pass'), agent.stderr());
  });

  it('posts with the credentials as basic auth, as Go does', async () => {
    assert.equal((await hook(agent, 'hooks', { title: 't', text: 'y' })).status, 200);
    await until(() => received.length > 0);
    assert.equal(received[0]?.authorization, `Basic ${Buffer.from('user:s3cret-pass').toString('base64')}`);
  });
});

describe('finding 7: SIGTERM while a plugin does not answer Help', async () => {
  const dir = scratch();
  const plugins = join(dir, 'plugins');
  mkdirSync(plugins);
  script(plugins, EXECUTOR, `exec "${process.execPath}" "${BAD_PLUGIN}" silent-help`);
  const agent = await startAgent(['--config', configFile(dir, oneChannel(join(dir, 'state'), '  commandTimeout: 25s'))], {
    CHATKUBE_BUNDLED_PLUGINS_DIR: plugins,
  });
  after(() => agent.stop());

  it('cancels the help call once the 10 s drain is over', async () => {
    const socket = await listen(agent);
    const answer = say(agent, 'ops', 'echo help');
    await socket.next((f) => f.type === 'message.created' && f.message.text === 'echo help');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // SIGTERM by hand, waiting as long as the agent takes (the call's own 25 s deadline), never killing it.
    agent.process.kill('SIGTERM');
    const [{ body }, [code]] = await Promise.all([answer, once(agent.process, 'exit')]);
    assert.equal(code, 0);
    assert.match(texts(body.replies).join('\n'), /cancelled: the agent is shutting down/);
  });
});

describe('finding 8: a burst of events for an action', async () => {
  const dir = scratch();
  const agent = await startAgent([
    '--config',
    configFile(
      dir,
      oneChannel(
        join(dir, 'state'),
        `sources:
  hooks:
    webhook: { bearerToken: ${TOKEN} }
    chatkube/webhook: { enabled: true }
actions:
  slow:
    enabled: true
    displayName: Slow
    command: "echo --stream 3 --interval-ms 1000 {{ .Event.text }}"
    bindings: { sources: [hooks], executors: [tools] }
`,
        ['hooks'],
      ),
    ),
  ]);
  after(() => agent.stop());

  it('does not answer each event past 16 with a refusal in the channel', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await hook(agent, 'hooks', { title: 'burst', text: `n${i}` })).status, 200);
    const { body } = await api(agent, '/api/v1/webchat/channels/ops/messages');
    const refusals = (body.messages as Json[]).filter((m) => /Too many commands/.test(m.message?.baseBody?.plaintext ?? ''));
    assert.equal(refusals.length, 0, `${refusals.length} refusals posted in #ops, which runs no command of its own`);
  });
});

describe('finding 9: many source groups on one agent', async () => {
  const dir = scratch();
  const groups = Array.from({ length: 12 }, (_, i) => `s${i}`);
  const sources = groups.map((g) => `  ${g}:\n    webhook: { bearerToken: ${TOKEN} }\n    chatkube/webhook: { enabled: true }`);
  const agent = await startAgent([
    '--config',
    configFile(dir, oneChannel(join(dir, 'state'), `sources:\n${sources.join('\n')}\n`, groups)),
  ]);
  after(() => agent.stop());

  it('adds no listener per stream to one shared AbortSignal', async () => {
    // Each stream's loop waits for its plugin's next start, racing the scheduler's stop signal.
    await until(async () => (await api(agent, '/readyz')).status === 200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.doesNotMatch(agent.stderr(), /MaxListenersExceededWarning/);
  });
});

describe('finding 10: unknown words typed in chat', async () => {
  const dir = scratch();
  const agent = await startAgent(['--config', configFile(dir, oneChannel(join(dir, 'state')))]);
  after(() => agent.stop());

  it('never become metric labels (one new series each, without bound)', async () => {
    for (const word of ['qwzx1', 'qwzx2', 'qwzx3']) await say(agent, 'ops', `${word} anything`);
    const metrics = await fetch(`${agent.url}/metrics`).then((response) => response.text());
    assert.doesNotMatch(metrics, /plugin="qwzx/);
  });
});

describe('finding 11: SIGTERM while a command streams into the web chat', async () => {
  const dir = scratch();
  const agent = await startAgent(['--config', configFile(dir, oneChannel(join(dir, 'state')))]);
  after(() => agent.stop());

  it('shows the finished answer to the browsers that watch', async () => {
    const socket = await listen(agent);
    const answer = say(agent, 'ops', 'echo --stream 6 --interval-ms 300 draining');
    const created = await socket.next((f) => f.type === 'message.created' && f.message.streaming === true);
    const stopped = agent.stop();
    const { body } = await answer;
    assert.equal(await stopped, 0);
    // The command did finish (the drain works for ?wait=true) ...
    assert.match(texts(body.replies).join('\n'), /6\/6 echo draining/);
    // ... but the WebSocket was closed when the stop began, before the answer's last update.
    assert.ok(
      socket.frames.some((f) => f.type === 'message.updated' && f.message.id === created.message.id && !f.message.streaming),
      'no browser saw the end of the answer',
    );
  });
});

describe('finding 12: a Botkube plugin from a repository that cannot be reached', async () => {
  const dir = scratch();
  const agent = await startAgent([
    '--config',
    configFile(
      dir,
      `
communications:
  g:
    webchat:
      enabled: true
      channels:
        ops: { name: ops, bindings: { executors: [tools, k8s], sources: [] } }
executors:
  tools:
    chatkube/echo: { enabled: true }
  k8s:
    botkube/kubectl@v1.14.0: { enabled: true }
plugins:
  repositories:
    botkube: { url: https://example.invalid/plugins-index.yaml }
settings:
  stateDir: ${join(dir, 'state')}
`,
    ),
  ]);
  after(() => agent.stop());

  it('says it cannot run it and why, rather than that it crashed', async () => {
    const { body } = await say(agent, 'ops', 'kubectl get pods');
    const answer = texts(body.replies).join('\n');
    assert.doesNotMatch(answer, /stopped while running|being started again/);
    assert.match(answer, /^kubectl is not available: plugin botkube\/kubectl@v1\.14\.0 could not be started: .*example\.invalid/);
    // It is retried (the repository may come back); the agent is not ready meanwhile, and says why.
    const ready = await api(agent, '/readyz');
    assert.equal(ready.status, 503);
    const kubectl = (ready.body.plugins as Json[]).find((p) => p.key === 'botkube/kubectl@v1.14.0');
    assert.match(kubectl?.lastError ?? '', /example\.invalid/);
  });
});
