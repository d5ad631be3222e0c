/**
 * The web chat UI in Chromium against the real agent: `chatkube run` as a
 * process with the bundled echo executor and webhook source. The page is
 * used as a person would; what the agent received is read back from its own
 * history (`GET /api/v1/webchat/channels/{name}/messages`), and what a
 * plugin could send is injected through the webhook source, which turns
 * `{"message": …}` into a notification carrying exactly that message.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Message } from '@chatkube/api';
import { webchatDist } from '@chatkube/webchat-ui';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { api, configFile, type Json, listen, type RunningAgent, say, startAgent } from '../lib/agent.js';
import { scratch } from '../lib/paths.js';
import { TcpRelay } from '../lib/tcp-relay.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOOK_TOKEN = 'hook-token-7c1d';
const WEBCHAT_TOKEN = 'sesame-31f0';
/** Set CHATKUBE_SCREENSHOTS=1 to keep the screenshots (their folder is printed); else they go with the scratch folder. */
const SHOTS = process.env.CHATKUBE_SCREENSHOTS ? mkdtempSync(join(tmpdir(), 'chatkube-webchat-shots-')) : scratch();

if (!existsSync(join(webchatDist, 'app.js')))
  throw new Error(`${webchatDist}app.js is missing: build the UI first (npm run build -w @chatkube/webchat-ui)`);

/** Channels `ops` (echo, the `hooks` webhook) and `dev` (echo only); `builds` is a second source bound nowhere. */
function agentConfig(dir: string, extraSettings = ''): string {
  return configFile(
    dir,
    `
communications:
  default-group:
    webchat:
      enabled: true
      channels:
        ops:
          name: ops
          bindings: { executors: [tools], sources: [hooks] }
        dev:
          name: dev
          bindings: { executors: [tools], sources: [] }
executors:
  tools:
    displayName: Tools
    chatkube/echo:
      enabled: true
sources:
  hooks:
    displayName: Hooks
    webhook:
      bearerToken: ${HOOK_TOKEN}
    chatkube/webhook:
      enabled: true
  builds:
    displayName: Builds
    webhook:
      bearerToken: ${HOOK_TOKEN}
    chatkube/webhook:
      enabled: true
settings:
  clusterName: local
  stateDir: ${join(dir, 'state')}
${extraSettings}
`,
  );
}

type AgentSocket = Awaited<ReturnType<typeof listen>>;

/** Frames pushed after `mark` (an index into `socket.frames`) that pass `test`. */
function newer(socket: AgentSocket, mark: number, test: (frame: Json) => boolean): (frame: Json) => boolean {
  return (frame) => socket.frames.indexOf(frame) >= mark && test(frame);
}

let context: BrowserContext;
let agent: RunningAgent;
let socket: AgentSocket;
const pageErrors: string[] = [];

// Removed by the hook that closes the browser, once it is closed (it writes there until then).
const PROFILE = mkdtempSync(join(tmpdir(), 'chatkube-chromium-'));

/** A new tab on the web chat of `url` with `channel` open and the WebSocket connected. */
async function openChat(url: string, channel = 'ops'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: `# ${channel}` }).click();
  await page.getByRole('heading', { name: `# ${channel}` }).waitFor();
  await page.locator('.connection[data-state="open"]').waitFor();
  return page;
}

/** Sends `text` from the command line. */
async function type(page: Page, text: string): Promise<void> {
  await page.getByLabel('Command').fill(text);
  await page.getByLabel('Command').press('Enter');
}

/** The card of the entry with this id. */
function card(page: Page, id: string) {
  return page.locator(`[data-entry-id="${id}"] .card`);
}

/** Posts `message` to the `hooks` webhook of `target`. */
async function postHook(message: Message, target: { url: string } = agent): Promise<void> {
  const answer = await api(target, '/sources/v1/hooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${HOOK_TOKEN}` },
    body: JSON.stringify({ message }),
  });
  assert.deepEqual(answer, { status: 200, body: { success: true, events: 1 } });
}

/** Posts `message` to the `hooks` webhook and resolves with the notification's entry in `ops`. */
async function notify(message: Message): Promise<Json> {
  const mark = socket.frames.length;
  await postHook(message);
  const frame = await socket.next(
    newer(socket, mark, (f) => f.type === 'message.created' && f.channel === 'ops' && f.message.author.kind === 'bot'),
  );
  return frame.message;
}

/**
 * The user entry a page's command made, read back from the agent's history once the agent
 * pushed it; `mark` is `socket.frames.length` from before the command.
 */
async function arrived(mark: number, text: string, channel = 'ops'): Promise<Json> {
  const frame = await socket.next(
    newer(
      socket,
      mark,
      (f) => f.type === 'message.created' && f.channel === channel && f.message.author.kind === 'user' && f.message.text === text,
    ),
  );
  const history = await api(agent, `/api/v1/webchat/channels/${channel}/messages`);
  const entry = history.body.messages.find((e: Json) => e.id === frame.message.id);
  assert.ok(entry, `entry ${frame.message.id} (${text}) is in the history of ${channel}`);
  return entry;
}

/** The agent's answer to the user entry `id`, once it is final (no longer streaming). */
async function answerTo(id: string): Promise<Json> {
  const frame = await socket.next((f) => f.message.replyTo === id && f.message.streaming !== true);
  return frame.message;
}

describe('the web chat UI in Chromium, on the real agent', async () => {
  // In the suite, not a before hook, so that the after hooks of these helpers run when the suite ends.
  agent = await startAgent(['--config', agentConfig(scratch())]);
  socket = await listen(agent);
  context = await chromium.launchPersistentContext(PROFILE, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1180, height: 760 },
  });
  after(async () => {
    await context.close();
    rmSync(PROFILE, { recursive: true, force: true });
    if (process.env.CHATKUBE_SCREENSHOTS) process.stdout.write(`# screenshots in ${SHOTS}\n`);
  });

  it('lists the channels, answers a typed command with a code block under its header, and recalls it with ↑', async () => {
    const page = await openChat(agent.url, 'dev');
    await page.getByRole('button', { name: '# ops' }).hover();
    await page.getByRole('tooltip').filter({ hasText: 'Executors: tools' }).filter({ hasText: 'Sources: hooks' }).waitFor();
    await page.getByText('executors: tools · sources: none').waitFor();

    const mark = socket.frames.length;
    await type(page, 'echo hello');
    const sent = await arrived(mark, 'echo hello', 'dev');
    assert.equal(sent.origin, 'typed');
    assert.match(sent.author.name, /^guest-[a-z0-9]{4}$/);
    await page.locator(`[data-entry-id="${sent.id}"].entry.user.own .bubble`, { hasText: 'echo hello' }).waitFor();
    const answer = await answerTo(sent.id);
    assert.equal(answer.header, '`echo hello` on `local`');
    const view = card(page, answer.id);
    assert.equal(await view.locator('pre.code-block').textContent(), 'echo hello');
    // The header: first in the card, above the message, its markdown applied.
    const header = view.locator(':scope > .entry-header:first-child');
    assert.equal(await header.textContent(), 'echo hello on local');
    assert.deepEqual(await header.locator('code').allTextContents(), ['echo hello', 'local']);
    assert.equal(await view.locator(':scope > .entry-header ~ .message').count(), 1);

    await page.getByLabel('Command').press('ArrowUp');
    assert.equal(await page.getByLabel('Command').inputValue(), 'echo hello');
    await page.getByLabel('Command').press('ArrowDown');
    assert.equal(await page.getByLabel('Command').inputValue(), '');

    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Username').press('Enter');
    const again = socket.frames.length;
    await type(page, 'echo from alice');
    assert.equal((await arrived(again, 'echo from alice', 'dev')).author.name, 'alice');
    await page.reload();
    assert.equal(await page.getByLabel('Username').inputValue(), 'alice', 'the username is kept');
    await page.close();
  });

  it("runs a help button's command with origin buttonClick, and shows its answer", async () => {
    const page = await openChat(agent.url);
    let mark = socket.frames.length;
    await type(page, 'echo help');
    const help = await answerTo((await arrived(mark, 'echo help')).id);
    const view = card(page, help.id);
    await view.getByRole('heading', { name: 'Echo' }).waitFor();
    assert.equal(
      await view.locator('.button-row .code-block').first().textContent(),
      'echo hello',
      'the description shows as code, without the placeholder',
    );

    mark = socket.frames.length;
    await view.getByRole('button', { name: 'Say hello' }).click();
    const clicked = await arrived(mark, 'echo hello');
    assert.equal(clicked.origin, 'buttonClick');
    assert.equal(clicked.author.name, await page.getByLabel('Username').inputValue());
    const answer = await answerTo(clicked.id);
    assert.equal(await card(page, answer.id).locator('pre.code-block').textContent(), 'echo hello');
    await page.close();
  });

  it('sends select, multi-select and text input values as Botkube builds them, and opens URL buttons safely', async () => {
    const page = await openChat(agent.url);
    const entry = await notify({
      sections: [
        {
          header: 'Choose',
          selects: {
            items: [
              {
                type: 'static',
                name: 'Namespace',
                command: '{{BotName}} echo ns',
                optionGroups: [
                  {
                    name: 'Namespaces',
                    options: [
                      { name: 'default', value: 'default' },
                      { name: 'kube-system', value: 'kube-system' },
                    ],
                  },
                ],
                initialOption: { name: 'default', value: 'default' },
              },
            ],
          },
          multiSelect: {
            name: 'Kinds',
            command: '{{BotName}} echo kinds',
            options: [
              { name: 'Pods', value: 'pods' },
              { name: 'Services', value: 'services' },
            ],
          },
          plaintextInputs: [{ command: '{{BotName}} echo find --match=', text: 'Match', placeholder: 'a regex' }],
          buttons: [
            { name: 'Docs', url: 'https://example.com/docs' },
            { name: 'Evil', url: 'javascript:alert(1)' },
          ],
        },
      ],
      plaintextInputs: [
        { command: '{{BotName}} echo search ', placeholder: 'as you type', dispatchedAction: 'on_character_entered' },
      ],
    });
    const view = card(page, entry.id);
    await view.getByRole('heading', { name: 'Choose' }).waitFor();
    assert.equal(await view.getByRole('combobox').inputValue(), 'default', 'the initial option is chosen');
    let mark = socket.frames.length;
    await view.getByRole('combobox').selectOption('kube-system');
    const chosen = await arrived(mark, 'echo ns kube-system');
    assert.equal(chosen.origin, 'selectValueChange');
    assert.equal(
      await card(page, (await answerTo(chosen.id)).id)
        .locator('pre')
        .textContent(),
      'echo ns kube-system',
    );

    mark = socket.frames.length;
    await view.getByLabel('Pods').check();
    assert.equal((await arrived(mark, 'echo kinds pods')).origin, 'multiSelectValueChange');
    await view.getByLabel('Services').check();
    assert.equal((await arrived(mark, 'echo kinds pods,services')).origin, 'multiSelectValueChange');

    mark = socket.frames.length;
    await view.getByPlaceholder('a regex').fill('a "b"\tc');
    await view.getByPlaceholder('a regex').press('Enter');
    assert.equal((await arrived(mark, 'echo find --match="a \\"b\\"\\tc"')).origin, 'plainTextInput');
    await view.screenshot({ path: join(SHOTS, 'interactive.png') });

    mark = socket.frames.length;
    await view.getByPlaceholder('as you type').pressSequentially('ngi');
    // Sent when typing pauses, without Enter.
    assert.equal((await arrived(mark, 'echo search "ngi"')).origin, 'plainTextInput');

    const docs = view.getByRole('link', { name: /Docs/ });
    assert.equal(await docs.getAttribute('href'), 'https://example.com/docs');
    assert.equal(await docs.getAttribute('target'), '_blank');
    assert.equal(await docs.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await view.getByRole('link', { name: /Evil/ }).count(), 0);
    assert.ok(await view.getByRole('button', { name: 'Evil' }).isDisabled());
    await page.close();
  });

  it("changes a channel's sources through the agent's own multi-select (edit sourcebindings)", async () => {
    const page = await openChat(agent.url);
    let mark = socket.frames.length;
    await type(page, 'edit sourcebindings');
    const offer = await answerTo((await arrived(mark, 'edit sourcebindings')).id);
    const view = card(page, offer.id);
    await view.getByRole('group', { name: 'Sources' }).waitFor();
    assert.ok(await view.getByLabel('Hooks').isChecked(), 'the bound source is chosen');
    assert.equal(await view.getByLabel('Builds').isChecked(), false);

    mark = socket.frames.length;
    await view.getByLabel('Builds').check();
    const both = await arrived(mark, 'edit sourcebindings hooks,builds');
    assert.equal(both.origin, 'multiSelectValueChange');
    const done = await answerTo(both.id);
    await card(page, done.id)
      .getByText(/adjusted the notifications of this channel to: hooks, builds\.$/)
      .waitFor();
    const channels = async () => (await api(agent, '/api/v1/webchat/channels')).body.find((c: Json) => c.name === 'ops');
    assert.deepEqual((await channels()).bindings.sources, ['hooks', 'builds']);

    mark = socket.frames.length;
    await view.getByLabel('Builds').uncheck();
    await answerTo((await arrived(mark, 'edit sourcebindings hooks')).id);
    assert.deepEqual((await channels()).bindings.sources, ['hooks']);
    await page.close();
  });

  it('shows notifications and streamed output live, and counts unread ones', async () => {
    const page = await openChat(agent.url);
    const event = await notify({
      type: 'nonInteractiveEventSingleSection',
      sections: [
        {
          header: 'Pod nginx crashed',
          textFields: [
            { key: 'Namespace', value: 'default' },
            { key: 'Reason', value: '*CrashLoopBackOff*' },
          ],
          buttons: [{ name: 'Not in event cards', command: '{{BotName}} echo no' }],
          context: [{ text: 'k8s-events' }],
        },
      ],
    });
    await card(page, event.id).getByRole('heading', { name: 'Pod nginx crashed' }).waitFor();
    assert.equal(await card(page, event.id).locator('strong').textContent(), 'CrashLoopBackOff');
    assert.equal(await card(page, event.id).getByRole('button').count(), 0, 'event cards have no buttons');
    assert.equal(await card(page, event.id).locator('time.message-time').getAttribute('datetime'), event.message.timestamp);

    // Records every state of the conversation's code blocks, so that passing states are seen too.
    await page.evaluate(`(() => {
      window.__states = [];
      const record = () => {
        for (const entry of document.querySelectorAll('.entry.bot')) {
          const pre = entry.querySelector('pre');
          if (!pre) continue;
          const state = { id: entry.dataset.entryId, text: pre.textContent, streaming: entry.querySelector('.streaming') !== null };
          const last = window.__states.findLast((s) => s.id === state.id);
          if (!last || last.text !== state.text || last.streaming !== state.streaming) window.__states.push(state);
        }
      };
      new MutationObserver(record).observe(document.querySelector('.conversation'), { subtree: true, childList: true, characterData: true });
    })()`);
    const mark = socket.frames.length;
    await type(page, 'echo --stream 3 --interval-ms 200 hi');
    const streamed = await answerTo((await arrived(mark, 'echo --stream 3 --interval-ms 200 hi')).id);
    const final = '1/3 echo hi\n2/3 echo hi\n3/3 echo hi';
    await card(page, streamed.id).locator('pre', { hasText: '3/3 echo hi' }).waitFor();
    assert.equal(await card(page, streamed.id).locator('pre').textContent(), final);
    assert.equal(await card(page, streamed.id).getByText('streaming…').count(), 0);
    assert.equal(await page.locator('.entry.bot', { hasText: '1/3 echo hi' }).count(), 1, 'one message, updated in place');
    const states = ((await page.evaluate('window.__states')) as { id: string; text: string; streaming: boolean }[]).filter(
      (s) => s.id === streamed.id,
    );
    assert.ok(
      states.some((s) => s.streaming),
      `the streaming indicator showed: ${JSON.stringify(states)}`,
    );
    assert.deepEqual(states.at(-1), { id: streamed.id, text: final, streaming: false });
    for (const state of states)
      assert.ok(final.startsWith(state.text), `${JSON.stringify(state.text)} grows into the final text`);

    const thread = await notify({ type: 'threadMessage', baseBody: { plaintext: 'in the thread' } });
    await card(page, thread.id).getByText('reply in thread').waitFor();

    // Another person's command in dev: their entry and its answer are unread here.
    await say(agent, 'dev', 'echo for dev', { user: 'bob' });
    await page.getByRole('button', { name: /# dev/ }).locator('.badge', { hasText: /^2$/ }).waitFor();
    // The agent drops a skipMessage; the next notification shows.
    await postHook({ type: 'skipMessage', baseBody: { plaintext: 'never shown' } });
    await notify({ baseBody: { plaintext: 'after the skipped one' } });
    await page.getByText('after the skipped one').waitFor();
    assert.equal(await page.getByText('never shown').count(), 0);
    await page.getByRole('button', { name: /# dev/ }).click();
    await page.locator('.entry.bot pre', { hasText: 'echo for dev' }).waitFor();
    // Read once shown: the badge goes (it fails here if it stays).
    await page.getByRole('button', { name: /# dev/ }).locator('.badge').waitFor({ state: 'detached', timeout: 5000 });
    await page.close();
  });

  it('catches up on what was pushed while the link to the agent was down', async () => {
    const link = await TcpRelay.start(Number(new URL(agent.url).port));
    const page = await openChat(link.url);
    link.cut();
    await page.locator('.connection[data-state="waiting"]').waitFor();
    const missed = await notify({ baseBody: { plaintext: 'posted while offline' } });
    link.restore();
    await page.locator('.connection[data-state="open"]').waitFor();
    await card(page, missed.id).getByText('posted while offline').waitFor();
    await page.close();
  });

  it('shows the error the API answers, and clears it on the next command', async () => {
    const page = await openChat(agent.url);
    await type(page, `echo ${'x'.repeat(17_000)}`);
    await page
      .getByRole('alert')
      .filter({ hasText: '"text" is 17005 bytes long; a command may be at most 16384 bytes (CHATKUBE_ERR_BAD_REQUEST)' })
      .waitFor();
    await page.screenshot({ path: join(SHOTS, 'error.png') });
    await type(page, 'echo works again');
    await page.locator('pre', { hasText: /^echo works again$/ }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'a successful send clears the error');
    await page.close();
  });

  it('shows HTML in any field as text: no element, no script, no dialog', async () => {
    const page = await openChat(agent.url);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const img = '<img src=x onerror="window.__pwned=1;alert(1)">';
    const script = '<script>window.__pwned=2;alert(2)</script>';
    const evil = `${img}${script}`;
    const entry = await notify({
      baseBody: {
        codeBlock: evil,
        plaintext: `*${img}* _${script}_ \`${img}\` <javascript:alert(3)|js link> <https://example.com|safe link>`,
      },
      sections: [
        {
          header: evil,
          description: evil,
          body: { plaintext: evil, codeBlock: evil },
          textFields: [{ key: evil, value: evil }],
          bulletLists: [{ title: evil, items: [evil] }],
          context: [{ text: evil }],
          buttons: [
            { name: evil, command: `{{BotName}} echo ${evil}`, description: evil, descriptionStyle: 'text' },
            { name: `code ${evil}`, command: 'echo c', description: evil },
            { name: `url ${evil}`, url: 'data:text/html,<script>alert(4)</script>' },
          ],
          selects: {
            items: [{ name: evil, command: 'echo x', optionGroups: [{ name: evil, options: [{ name: evil, value: 'v' }] }] }],
          },
          multiSelect: { name: evil, command: 'echo m', description: { plaintext: evil }, options: [{ name: evil, value: 'm' }] },
          plaintextInputs: [{ command: 'echo y', text: evil, placeholder: evil }],
        },
      ],
      plaintextInputs: [{ command: 'echo z', text: evil, placeholder: evil }],
    });
    const view = card(page, entry.id);
    await view.getByRole('heading').waitFor();
    assert.equal(await view.getByRole('heading').textContent(), evil);
    assert.equal(await view.locator('pre').first().textContent(), evil);
    assert.equal(await view.locator('dt').textContent(), evil);
    assert.equal(await view.locator('li').textContent(), evil);
    assert.equal(await view.locator('option', { hasText: 'img' }).textContent(), evil);
    assert.equal(await view.locator('.bullet-title').textContent(), evil);
    assert.equal(await view.locator('.context').textContent(), evil);
    assert.deepEqual(await view.locator('.text-input .control-label').allTextContents(), [evil, evil]);

    const mark = socket.frames.length;
    await type(page, `echo ${evil}`);
    const typed = await arrived(mark, `echo ${evil}`);
    await page.locator(`[data-entry-id="${typed.id}"] .bubble`).waitFor();
    assert.equal(await page.locator(`[data-entry-id="${typed.id}"] .bubble`).textContent(), `echo ${evil}`);
    const echoed = await answerTo(typed.id);
    assert.match(echoed.message.baseBody.codeBlock, /<img src=x onerror=.*<script>/);
    assert.equal(await card(page, echoed.id).locator('pre').textContent(), echoed.message.baseBody.codeBlock);

    // A string, as the test project has no DOM types; it runs in the page.
    const found = await page.evaluate(`({
      images: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
      unsafeLinks: document.querySelectorAll('a[href^="javascript:"], a[href^="data:"]').length,
      safeLinks: [...document.querySelectorAll('a')].filter((a) => a.textContent === 'safe link').map((a) => a.href),
      pwned: window.__pwned,
    })`);
    assert.deepEqual(found, {
      images: 0,
      scripts: ['app.js'],
      unsafeLinks: 0,
      safeLinks: ['https://example.com/'],
      pwned: undefined,
    });
    assert.deepEqual(dialogs, []);
    // Tall enough for the whole card, and the pointer off the channel list (whose tooltip it would open).
    await page.setViewportSize({ width: 1180, height: 1800 });
    await page.mouse.move(700, 10);
    await view.screenshot({ path: join(SHOTS, 'injection.png') });
    await page.close();
  });

  it('asks for the token after a 401, tells when it is refused, and then works over HTTP and the WebSocket', async () => {
    const guarded = await startAgent(['--config', agentConfig(scratch(), `  webchat:\n    authToken: ${WEBCHAT_TOKEN}`)]);
    assert.equal((await api(guarded, '/api/v1/webchat/channels')).status, 401, 'the agent does ask for the token');
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${guarded.url}/`);
    const form = page.getByRole('form', { name: 'Access token' });
    await form.waitFor();
    await page.screenshot({ path: join(SHOTS, 'token-form.png') });
    await form.getByLabel('Token').fill('wrong');
    await form.getByRole('button', { name: 'Connect' }).click();
    await form.getByText('The agent refused that token').waitFor();
    await form.getByLabel('Token').fill(WEBCHAT_TOKEN);
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.locator('.connection[data-state="open"]').waitFor();
    assert.equal(await form.count(), 0);
    // Answers come only over the WebSocket.
    await type(page, 'echo with token');
    await page.locator('pre', { hasText: /^echo with token$/ }).waitFor();
    await postHook({ baseBody: { plaintext: 'pushed to a guarded page' } }, guarded);
    await page.getByText('pushed to a guarded page').waitFor();
    assert.ok(sockets.length > 0, 'the page opened a WebSocket');
    for (const url of sockets) assert.equal(new URL(url).searchParams.get('token'), WEBCHAT_TOKEN, url);
    assert.equal(await page.evaluate("sessionStorage.getItem('chatkube.webchat.token')"), WEBCHAT_TOKEN);
    await page.close();
    assert.equal(await guarded.stop(), 0);
  });

  it('shows the agent offline while it is down, and reconnects to the one that listens next on its port', async () => {
    const config = agentConfig(scratch());
    const first = await startAgent(['--config', config]);
    const port = Number(new URL(first.url).port);
    // The page goes through a relay whose link is cut before the agent stops: the agent does not
    // exit on SIGTERM while a WebSocket client stays connected (its server waits for that
    // connection, which the web chat routes only end in their onClose hook, after that wait).
    const link = await TcpRelay.start(port);
    const page = await openChat(link.url);
    for (const text of ['echo one', 'echo two']) {
      await type(page, text);
      await page.locator('pre', { hasText: new RegExp(`^${text}$`) }).waitFor();
    }
    link.cut();
    assert.equal(await first.stop(), 0);
    link.restore();
    await page
      .locator('.connection[data-state="waiting"]')
      .filter({ hasText: /offline, retrying in \d+ s/ })
      .waitFor();
    await type(page, 'echo while down');
    await page.getByRole('alert').filter({ hasText: 'cannot reach the agent' }).waitFor();

    const second = await startAgent(['--config', config, '--port', String(port)]);
    assert.equal(second.url, first.url);
    await page.locator('.connection[data-state="open"]').waitFor();
    await type(page, 'echo after the restart');
    await page.locator('pre', { hasText: /^echo after the restart$/ }).waitFor();
    // The new agent knows nothing of the old one's conversation: the page shows what it holds, in its order.
    const history = (await api(second, '/api/v1/webchat/channels/ops/messages')).body.messages;
    assert.deepEqual(
      history.map((e: Json) => e.text ?? e.message?.baseBody?.codeBlock),
      ['echo after the restart', 'echo after the restart'],
    );
    const shown: (string | null)[] = [];
    for (const entry of await page.locator('.conversation .entry').all()) shown.push(await entry.getAttribute('data-entry-id'));
    assert.deepEqual(
      shown,
      history.map((e: Json) => e.id),
    );
    assert.equal(await page.getByRole('alert').count(), 0, 'the error went with the reconnection');
    await page.close();
    assert.equal(await second.stop(), 0);
  });

  it('looks right in light and dark (screenshots)', async () => {
    const page = await openChat(agent.url);
    let mark = socket.frames.length;
    await type(page, 'help');
    const help = await answerTo((await arrived(mark, 'help')).id);
    await card(page, help.id).getByRole('heading', { name: 'chatkube on local' }).waitFor();
    assert.ok((await card(page, help.id).getByRole('button').count()) >= 5, 'help offers its commands as buttons');
    await page.locator(`[data-entry-id="${help.id}"]`).screenshot({ path: join(SHOTS, 'help.png') });
    await notify({
      sections: [
        {
          header: 'Deployments in default',
          description: 'Two deployments, *one* of them _not ready_. See <https://kubernetes.io/docs|the docs>.',
          textFields: [
            { key: 'nginx', value: '3/3 ready' },
            { key: 'api', value: '`1/2` ready' },
          ],
          buttons: [
            { name: 'Describe api', command: '{{BotName}} echo describe api', style: 'primary' },
            { name: 'Restart api', command: '{{BotName}} echo restart api', style: 'danger' },
            { name: 'Dashboard', url: 'https://example.com' },
          ],
          context: [{ text: 'webhook · cluster local' }],
        },
      ],
    });
    mark = socket.frames.length;
    const command = 'echo --stream 20 --interval-ms 250 deployment/api rolling out';
    await type(page, command);
    const asked = await arrived(mark, command);
    const first = await socket.next((f) => f.type === 'message.created' && f.message.replyTo === asked.id);
    await card(page, first.message.id).getByText('streaming…').waitFor();
    await page.getByRole('button', { name: '# ops' }).hover();
    await page.screenshot({ path: join(SHOTS, 'light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SHOTS, 'dark.png') });
    await page.setViewportSize({ width: 420, height: 760 });
    await page.screenshot({ path: join(SHOTS, 'narrow-dark.png') });
    await answerTo(asked.id);
    assert.deepEqual(pageErrors, [], 'no uncaught errors in any page');
    await page.close();
  });
});
