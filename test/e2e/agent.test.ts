/**
 * The agent end to end: `chatkube run` as a process with the real bundled
 * plugins, used only through its HTTP API, its WebSocket and signals.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { api, configFile, type Json, listen, type RunningAgent, say, startAgent } from '../lib/agent.js';
import { isRunning, scratch } from '../lib/paths.js';
import { until } from '../lib/until.js';

const TOKEN = 'hook-token-4f9a';

/** Waits for `test` to hold, checking every 20 ms, for at most 10 s. */
const HMAC_SECRET = 'hmac-secret-77c1';

/** The test configuration; with `runtime`, every plugin entry names it. */
function testConfig(stateDir: string, sinkURL = 'http://127.0.0.1:9/unused', runtime?: 'process' | 'worker'): string {
  const yaml = `
communications:
  default-group:
    webhook:
      enabled: true
      url: ${sinkURL}
      bindings: { sources: [hooks] }
    webchat:
      enabled: true
      channels:
        ops:
          name: ops
          bindings: { executors: [tools], sources: [hooks] }
        quiet:
          name: quiet
          bindings: { executors: [], sources: [] }
        dev:
          name: dev
          bindings: { executors: [tools], sources: [signed] }
executors:
  tools:
    displayName: Tools
    chatkube/echo:
      enabled: true
sources:
  hooks:
    displayName: Hooks
    webhook:
      bearerToken: ${TOKEN}
    chatkube/webhook:
      enabled: true
      config:
        title: From a hook
  signed:
    webhook:
      hmacSecret: ${HMAC_SECRET}
    chatkube/webhook:
      enabled: true
  unbound:
    webhook:
      bearerToken: ${TOKEN}
    chatkube/webhook:
      enabled: true
actions:
  broken:
    enabled: true
    displayName: Broken
    command: "echo {{ .Event.text | nosuchfunction }}"
    bindings: { sources: [signed], executors: [tools] }
  echo-hooks:
    enabled: false
    displayName: Echo hooks
    command: "echo hook said {{ .Event.text | upper }}"
    bindings: { sources: [hooks], executors: [tools] }
aliases:
  e:
    command: echo
settings:
  clusterName: test-cluster
  stateDir: ${stateDir}
  commandTimeout: 3s
`;
  return runtime ? yaml.replace(/^( +)(chatkube\/\w+):\n/gm, `$1$2:\n$1  runtime: ${runtime}\n`) : yaml;
}

const body = (answer: { body: { replies: { baseBody?: { codeBlock?: string; plaintext?: string } }[] } }): string[] =>
  answer.body.replies.map((reply) => reply.baseBody?.codeBlock ?? reply.baseBody?.plaintext ?? JSON.stringify(reply));

function hook(agent: RunningAgent, payload: unknown, token: string | null = TOKEN) {
  return api(agent, '/sources/v1/hooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

/** Where the webhook sink posts: what arrives, and the status to answer. */
async function sinkReceiver() {
  const received: Json[] = [];
  let status = 200;
  const server = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk: Buffer) => {
      data += chunk.toString();
    });
    request.on('end', () => {
      received.push({ path: request.url, type: request.headers['content-type'], body: JSON.parse(data) });
      response.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  after(() => server.close());
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    received,
    answer(code: number) {
      status = code;
    },
  };
}

describe('chatkube run', async () => {
  const dir = scratch();
  const stateDir = join(dir, 'state');
  const sink = await sinkReceiver();
  const config = configFile(dir, testConfig(stateDir, sink.url));
  let agent = await startAgent(['--config', config]);

  it('is alive and ready once its plugins run', async () => {
    assert.deepEqual(await api(agent, '/healthz'), { status: 200, body: { status: 'alive' } });
    const ready = await api(agent, '/readyz');
    assert.equal(ready.status, 200);
    const plugins = ready.body.plugins
      .map((p: { key: string; state: string; runtime: string }) => `${p.key}:${p.state}:${p.runtime}`)
      .sort();
    // The bundled plugins have worker modules: that is their default runtime.
    assert.deepEqual(plugins, ['chatkube/echo:running:worker', 'chatkube/webhook:running:worker']);
  });

  it('lists its web chat channels with their bindings', async () => {
    const { status, body: channels } = await api(agent, '/api/v1/webchat/channels');
    assert.equal(status, 200);
    assert.deepEqual(channels, [
      { name: 'ops', bindings: { executors: ['tools'], sources: ['hooks'] }, notifications: true },
      { name: 'quiet', bindings: { executors: [], sources: [] }, notifications: true },
      { name: 'dev', bindings: { executors: ['tools'], sources: ['signed'] }, notifications: true },
    ]);
  });

  it('runs echo through the plugin and answers with its code block', async () => {
    const answer = await say(agent, 'ops', 'echo hello');
    assert.equal(answer.status, 200);
    assert.deepEqual(body(answer), ['echo hello']);
    const history = await api(agent, `/api/v1/webchat/channels/ops/messages?after=${Number(answer.body.id) - 1}`);
    const [asked, answered] = history.body.messages;
    assert.equal(asked.text, 'echo hello');
    assert.equal(asked.author.kind, 'user');
    assert.equal(answered.replyTo, answer.body.id);
    assert.equal(answered.header, '`echo hello` on `test-cluster`');
  });

  it('expands aliases and strips reserved flags before the plugin sees the command', async () => {
    assert.deepEqual(body(await say(agent, 'ops', 'e hi --cluster-name=test-cluster')), ['echo hi']);
    // Another cluster's command is not answered here.
    assert.deepEqual((await say(agent, 'ops', 'echo hi --cluster-name=elsewhere')).body.replies, []);
  });

  it('streams output into one message, updated in place, live over the WebSocket', async () => {
    const socket = await listen(agent);
    const answer = await say(agent, 'ops', 'echo --stream 3 --interval-ms 150 hi');
    assert.deepEqual(body(answer), ['1/3 echo hi\n2/3 echo hi\n3/3 echo hi']);
    const created = await socket.next((f) => f.type === 'message.created' && f.message.replyTo === answer.body.id);
    assert.equal(created.message.streaming, true);
    const final = await socket.next(
      (f) => f.type === 'message.updated' && f.message.id === created.message.id && !f.message.streaming,
    );
    assert.equal(final.message.message.baseBody.codeBlock, '1/3 echo hi\n2/3 echo hi\n3/3 echo hi');
  });

  it('filters output with --filter', async () => {
    assert.deepEqual(body(await say(agent, 'ops', 'echo --stream 3 --interval-ms 1 hi --filter=2/3')), ['2/3 echo hi']);
  });

  it('answers help, plugin help and built-in verbs', async () => {
    const help = (await say(agent, 'ops', 'help')).body.replies[0];
    const commands = help.sections.flatMap((s: { buttons?: { command: string }[] }) => (s.buttons ?? []).map((b) => b.command));
    assert.ok(commands.includes('{{BotName}} list executors'), JSON.stringify(commands));
    assert.ok(commands.includes('{{BotName}} echo help'));
    const echoHelp = (await say(agent, 'ops', 'echo help', { origin: 'buttonClick' })).body.replies[0];
    assert.equal(echoHelp.sections[0].header, 'Echo');
    assert.match(body(await say(agent, 'ops', 'ping'))[0] ?? '', /^pong\n\nchatkube version: \d+\.\d+\.\d+/);
    assert.match(
      body(await say(agent, 'ops', 'list executors'))[0] ?? '',
      /^EXECUTOR +ENABLED +ALIASES +RESTARTS +STATUS\nchatkube\/echo +true +e +0\/10 +Running$/,
    );
    assert.match(body(await say(agent, 'ops', 'list sources'))[0] ?? '', /chatkube\/webhook +true +0\/10 +Running/);
    assert.deepEqual(body(await say(agent, 'ops', 'frobnicate')), [
      "Command not supported. Please use 'help' to see supported commands.",
    ]);
    assert.match(
      body(await say(agent, 'ops', 'list frobs'))[0] ?? '',
      /^error: unknown option `frobs`\nusage:\n {2}list executors/,
    );
  });

  it('says so when a command names an executor this channel may not use', async () => {
    assert.deepEqual(body(await say(agent, 'quiet', 'echo hi')), [
      '`echo` commands are not enabled in this channel. Bind an executor group that enables echo to it.',
    ]);
  });

  it("answers a plugin's error in plain words", async () => {
    assert.deepEqual(body(await say(agent, 'ops', 'echo @fail')), [
      'echo failed: The @fail label was specified. Failing execution.',
    ]);
  });

  it('redacts secrets in show config', async () => {
    const shown = body(await say(agent, 'ops', 'show config'))[0] ?? '';
    assert.match(shown, /clusterName: test-cluster/);
    assert.ok(!shown.includes(TOKEN), 'the webhook token is shown');
  });

  it('delivers incoming webhooks to the bound channel, only with the token', async () => {
    const socket = await listen(agent);
    assert.equal((await hook(agent, { text: 'x' }, null)).status, 401);
    assert.equal((await hook(agent, { text: 'x' }, 'wrong')).status, 401);
    assert.equal((await api(agent, '/sources/v1/nope', { method: 'POST', body: '{}' })).status, 404);
    const bad = await hook(agent, 'not json');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /not JSON/);
    // One event for the web chat's interactive stream, one for the webhook sink's non-interactive one.
    assert.deepEqual(await hook(agent, { title: 'Deploy', text: 'v2 is out' }), {
      status: 200,
      body: { success: true, events: 2 },
    });
    const note = await socket.next((f) => f.type === 'message.created' && f.message.message?.sections?.[0]?.header === 'Deploy');
    assert.equal(note.channel, 'ops');
    assert.equal(note.message.message.sections[0].body.plaintext, 'v2 is out');
  });

  it('posts events of its bound sources to the webhook sink, as Botkube does', async () => {
    await hook(agent, { title: 'To the sink', text: 'hello sink' });
    const toSink = () => sink.received.find((post) => post.body.data?.title === 'To the sink');
    await until(() => toSink() !== undefined);
    const posted = toSink();
    assert.equal(posted.path, '/events');
    assert.equal(posted.type, 'application/json');
    assert.equal(posted.body.source, 'hooks');
    assert.deepEqual(posted.body.data, { title: 'To the sink', text: 'hello sink' });
    assert.ok(Date.parse(posted.body.timeStamp) > Date.now() - 60_000);
    // A sink that refuses the event: counted, logged, the agent goes on.
    sink.answer(500);
    await hook(agent, { title: 'Refused' });
    await until(async () =>
      /chatkube_events_dropped_total\{source="hooks",destination="webhook:default-group",reason="send-failed"\} 1/.test(
        await fetch(`${agent.url}/metrics`).then((r) => r.text()),
      ),
    );
    sink.answer(200);
  });

  it('accepts a webhook signed with HMAC-SHA256, and only then', async () => {
    const payload = JSON.stringify({ title: 'Signed' });
    const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`;
    const post = (signature: string) =>
      api(agent, '/sources/v1/signed', { method: 'POST', headers: { 'x-hub-signature-256': signature }, body: payload });
    assert.equal((await post(sign('wrong'))).status, 401);
    assert.equal((await post('sha256=zz')).status, 401);
    assert.equal((await post(sign(HMAC_SECRET))).status, 200);
  });

  it('reports a broken action template in the channel, and delivers the event all the same', async () => {
    const socket = await listen(agent);
    const payload = JSON.stringify({ text: 'x' });
    const signature = `sha256=${createHmac('sha256', HMAC_SECRET).update(payload).digest('hex')}`;
    await api(agent, '/sources/v1/signed', { method: 'POST', headers: { 'x-hub-signature-256': signature }, body: payload });
    const report = await socket.next(
      (f) => f.channel === 'dev' && /Action 'Broken' could not render/.test(f.message.message?.baseBody?.plaintext ?? ''),
    );
    assert.match(report.message.message.baseBody.plaintext, /nosuchfunction/);
    await socket.next((f) => f.channel === 'dev' && f.message.message?.sections?.[0]?.body?.plaintext === 'x');
  });

  it('refuses the webhook of a source no channel binds', async () => {
    const answer = await api(agent, '/sources/v1/unbound', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    assert.equal(answer.status, 404);
    assert.match(answer.body.error.message, /not bound to any channel/);
  });

  it('never lets a slow command delay another channel', async () => {
    const socket = await listen(agent);
    const slow = api(agent, '/api/v1/webchat/channels/ops/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'echo --stream 15 --interval-ms 150 slow', user: 'bob' }),
    });
    const { id } = (await slow).body;
    await socket.next((f) => f.type === 'message.created' && f.message.replyTo === id && f.message.streaming);
    assert.deepEqual(body(await say(agent, 'dev', 'echo fast')), ['echo fast']);
    const history = (await api(agent, '/api/v1/webchat/channels/ops/messages')).body.messages;
    assert.equal(
      history.find((e: { replyTo?: string }) => e.replyTo === id)?.streaming,
      true,
      'the slow command had finished first',
    );
  });

  it('runs an enabled action for each event and answers where the event went', async () => {
    assert.deepEqual(body(await say(agent, 'ops', 'enable action echo-hooks')), [
      "I have enabled 'echo-hooks' action on 'test-cluster' cluster.",
    ]);
    const socket = await listen(agent);
    await hook(agent, { text: 'ping' });
    const answer = await socket.next((f) => f.type === 'message.created' && f.message.header?.includes('Automation'));
    assert.equal(answer.message.message.baseBody.codeBlock, 'echo hook said PING');
    assert.equal(answer.message.header, '`echo hook said PING` on `test-cluster` by Automation "Echo hooks"');
    await say(agent, 'ops', 'disable action echo-hooks');
  });

  it('turns notifications off and keeps that across a restart', async () => {
    assert.deepEqual(body(await say(agent, 'ops', 'disable notifications')), [
      "Sure! I won't send you notifications from cluster 'test-cluster' here.",
    ]);
    assert.equal(await agent.stop(), 0);
    agent = await startAgent(['--config', config]);
    assert.deepEqual(body(await say(agent, 'ops', 'status notifications')), [
      "Notifications from cluster 'test-cluster' are disabled here.",
    ]);
    await hook(agent, { title: 'Silent' });
    const history = (await api(agent, '/api/v1/webchat/channels/ops/messages')).body.messages;
    assert.ok(
      !history.some((e: { message?: { sections?: { header?: string }[] } }) => e.message?.sections?.[0]?.header === 'Silent'),
    );
    await say(agent, 'ops', 'enable notifications');
  });

  it('cancels a command past its deadline and says so', async () => {
    const answer = await say(agent, 'ops', 'echo --stream 50 --interval-ms 200 slow');
    const last = answer.body.replies.at(-1);
    const notes = (last.sections ?? []).flatMap((s: { context?: { text: string }[] }) => (s.context ?? []).map((c) => c.text));
    assert.ok(
      [...notes, last.baseBody?.plaintext].some((t) => /did not finish within 3s and was cancelled/.test(t ?? '')),
      JSON.stringify(last),
    );
  });

  it('restarts a plugin that dies in a call, and says what happened', async () => {
    const [answer] = body(await say(agent, 'ops', 'echo @panic'));
    assert.match(
      answer ?? '',
      /^echo stopped while running the command: plugin chatkube\/echo exited with code 1\. It is being started again/,
    );
    assert.deepEqual(body(await say(agent, 'ops', 'echo back')), ['echo back']);
    const echo = (await api(agent, '/readyz')).body.plugins.find((p: { key: string }) => p.key === 'chatkube/echo');
    assert.equal(echo.restarts, 1);
    const metrics = await fetch(`${agent.url}/metrics`).then((r) => r.text());
    assert.match(metrics, /chatkube_plugin_restarts\{kind="executor",plugin="chatkube\/echo"\} 1/);
  });

  it('refuses bad requests with a JSON error naming what is wrong', async () => {
    const post = (channel: string, raw: string) =>
      api(agent, `/api/v1/webchat/channels/${channel}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: raw,
      });
    const malformed = await post('ops', '{"text": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'CHATKUBE_ERR_BAD_REQUEST');
    assert.equal((await post('nope', '{"text":"echo hi","user":"a"}')).status, 404);
    assert.match((await post('ops', '{"text":"","user":"a"}')).body.error.message, /"text" must be a non-empty string/);
    assert.match(
      (await post('ops', '{"text":"echo","user":"a","origin":"automation"}')).body.error.message,
      /"origin" must be one of/,
    );
    const huge = await post('ops', JSON.stringify({ text: `echo ${'x'.repeat(1_000_000)}`, user: 'a' }));
    assert.equal(huge.status, 400);
    assert.match(huge.body.error.message, /a command may be at most 16384 bytes/);
    assert.equal((await post('ops', JSON.stringify({ text: 'x'.repeat(2_000_000), user: 'a' }))).status, 413);
    const xml = await api(agent, '/api/v1/webchat/channels/ops/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<text>echo hi</text>',
    });
    assert.deepEqual([xml.status, xml.body.error.code], [415, 'CHATKUBE_ERR_UNSUPPORTED_MEDIA_TYPE']);
  });

  it('answers bad commands in the channel, and keeps working', async () => {
    assert.match(body(await say(agent, 'ops', 'echo "unbalanced'))[0] ?? '', /unbalanced|unclosed|quote/i);
    assert.match(body(await say(agent, 'ops', 'echo a --filter=x --filter=y'))[0] ?? '', /--filter/);
    assert.deepEqual(body(await say(agent, 'ops', 'echo héllo 🚀 עברית\u0000\u0007')), ['echo héllo 🚀 עברית']);
    assert.deepEqual(body(await say(agent, 'ops', 'echo still fine')), ['echo still fine']);
  });

  it('counts commands in /metrics and audits them', async () => {
    const metrics = await fetch(`${agent.url}/metrics`).then((r) => r.text());
    assert.match(metrics, /chatkube_commands_total\{plugin="echo",outcome="ok"\} \d+/);
    assert.match(metrics, /chatkube_events_received_total\{source="hooks"\} \d+/);
    const lines = readFileSync(join(stateDir, 'audit/audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const hello = lines.find((l) => l.command === 'echo hello');
    assert.equal(hello.platform, 'webchat');
    assert.equal(hello.channel, 'ops');
    assert.equal(hello.user, 'alice');
    assert.equal(hello.plugin, 'echo');
    assert.equal(hello.outcome, 'ok');
    assert.ok(lines.some((l) => l.outcome === 'timeout'));
  });

  it('stops on SIGTERM with exit code 0, finishing the command in flight, and leaves no plugin running', async () => {
    const pids = (await api(agent, '/readyz')).body.plugins.map((p: { pid?: number }) => p.pid);
    const socket = await listen(agent);
    const inFlight = say(agent, 'ops', 'echo --stream 5 --interval-ms 200 last');
    await socket.next((f) => f.type === 'message.created' && f.message.streaming);
    const stopped = agent.stop();
    const answer = await inFlight;
    assert.equal(answer.status, 200);
    assert.deepEqual(body(answer), [[1, 2, 3, 4, 5].map((i) => `${i}/5 echo last`).join('\n')]);
    assert.equal(await stopped, 0);
    for (const pid of pids) assert.equal(isRunning(pid), false);
  });
});

describe('chatkube run with runtime: process', () => {
  it('runs the same plugins as processes, each answering as its worker does', async () => {
    const dir = scratch();
    const config = configFile(dir, testConfig(join(dir, 'state'), undefined, 'process'));
    assert.match(readFileSync(config, 'utf8'), /chatkube\/echo:\n\s+runtime: process\n\s+enabled: true/);
    const agent = await startAgent(['--config', config]);
    const plugins = (await api(agent, '/readyz')).body.plugins as { key: string; runtime: string; pid?: number }[];
    assert.deepEqual(plugins.map((p) => `${p.key}:${p.runtime}`).sort(), ['chatkube/echo:process', 'chatkube/webhook:process']);
    assert.ok(
      plugins.every((p) => isRunning(p.pid)),
      'each plugin is a process of its own',
    );
    assert.deepEqual(body(await say(agent, 'ops', 'echo hello')), ['echo hello']);
    assert.deepEqual(body(await say(agent, 'ops', 'echo --stream 3 --interval-ms 10 hi')), [
      '1/3 echo hi\n2/3 echo hi\n3/3 echo hi',
    ]);
    assert.deepEqual(body(await say(agent, 'ops', 'echo @fail')), [
      'echo failed: The @fail label was specified. Failing execution.',
    ]);
    const socket = await listen(agent);
    assert.equal((await hook(agent, { title: 'As a process', text: 'hi' })).status, 200);
    await socket.next((f) => f.type === 'message.created' && f.message.message?.sections?.[0]?.header === 'As a process');
    assert.match(
      body(await say(agent, 'ops', 'echo @panic'))[0] ?? '',
      /^echo stopped while running the command: plugin chatkube\/echo exited with code 1\. It is being started again/,
    );
    assert.deepEqual(body(await say(agent, 'ops', 'echo back')), ['echo back']);
    const pids = ((await api(agent, '/readyz')).body.plugins as { pid?: number }[]).map((p) => p.pid);
    assert.equal(await agent.stop(), 0);
    for (const pid of pids) assert.equal(isRunning(pid), false);
  });
});

describe('chatkube run with no configuration: the embedded default', () => {
  it('serves the web chat with echo, and a webhook whose token it prints', async () => {
    const dir = scratch();
    const agent = await startAgent([], {}, dir);
    const ui = await fetch(`${agent.url}/`);
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /<script[^>]+app\.js/);
    assert.deepEqual(body(await say(agent, 'general', 'echo hello')), ['echo hello']);
    const curl = /curl -H 'Authorization: Bearer (\S+)' -d '(.+)' (\S+)/.exec(agent.stdout());
    assert.ok(curl, agent.stdout());
    const [, token, payload, url] = curl;
    assert.match(agent.stdout(), /Send a notification to #general:/);
    const sent = await fetch(url as string, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: payload as string,
    });
    assert.equal(sent.status, 200);
    const history = (await api(agent, '/api/v1/webchat/channels/general/messages')).body.messages;
    assert.ok(
      history.some((e: { message?: { sections?: { header?: string }[] } }) => e.message?.sections?.[0]?.header === 'Hello'),
    );
    assert.equal(await agent.stop(), 0);
  });
});

describe('chatkube run, refusing to start', () => {
  it('on an invalid configuration, naming the file and path', async () => {
    const dir = scratch();
    const config = configFile(
      dir,
      'communications:\n  g:\n    webchat:\n      enabled: true\n      channels:\n        a: { name: a, bindings: { executors: [missing] } }\n',
    );
    await assert.rejects(startAgent(['--config', config]), (error: Error) => {
      assert.match(error.message, /exited with code 1/);
      assert.match(error.message, /communications\.g\.webchat\.channels\.a\.bindings\.executors\[0\]/);
      return true;
    });
  });

  it('on a corrupt state file, naming it', async () => {
    const dir = scratch();
    const stateDir = join(dir, 'state');
    const config = configFile(dir, testConfig(stateDir));
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, 'state.json'), '{"version": 1, "channels": ');
    await assert.rejects(startAgent(['--config', config]), /state\.json/);
  });

  it('beyond loopback without a web chat token', async () => {
    const dir = scratch();
    const config = configFile(dir, testConfig(join(dir, 'state')));
    await assert.rejects(startAgent(['--config', config, '--host', '0.0.0.0']), /settings\.webchat\.authToken/);
  });
});

describe('chatkube run, stopping', () => {
  it('stops on SIGTERM even while a WebSocket client stays connected', async () => {
    const dir = scratch();
    const agent = await startAgent([], {}, dir);
    const socket = await listen(agent);
    const closed = new Promise((resolve) => socket.ws.once('close', resolve));
    assert.equal(await agent.stop(), 0);
    await closed;
  });
});
