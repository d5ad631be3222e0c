import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@chatkube/api';
import { webchatDist } from '@chatkube/webchat-ui';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { scratch } from '../lib/paths.js';
import { type StubChannel, WebchatApiStub } from '../lib/webchat-api-stub.js';

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
const CHANNELS: StubChannel[] = [
  { name: 'ops', bindings: { executors: ['echo', 'kubectl'], sources: ['k8s-events'] }, notifications: true },
  { name: 'dev', bindings: { executors: ['echo'], sources: [] }, notifications: false },
];
/** Set CHATKUBE_SCREENSHOTS=1 to keep the screenshots (their folder is printed); else they go with the scratch folder. */
const SHOTS = process.env.CHATKUBE_SCREENSHOTS ? mkdtempSync(join(tmpdir(), 'chatkube-webchat-shots-')) : scratch();

if (!existsSync(join(webchatDist, 'app.js')))
  throw new Error(`${webchatDist}app.js is missing: build the UI first (npm run build -w @chatkube/webchat-ui)`);

let context: BrowserContext;
let stub: WebchatApiStub;
const pageErrors: string[] = [];

// Removed by the hook that closes the browser, once it is closed (it writes there until then).
const PROFILE = mkdtempSync(join(tmpdir(), 'chatkube-chromium-'));

before(async () => {
  stub = await WebchatApiStub.start({ staticDir: webchatDist, channels: CHANNELS });
  context = await chromium.launchPersistentContext(PROFILE, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1180, height: 760 },
  });
});

after(async () => {
  await context?.close();
  await stub?.close();
  rmSync(PROFILE, { recursive: true, force: true });
  if (process.env.CHATKUBE_SCREENSHOTS) process.stdout.write(`# screenshots in ${SHOTS}\n`);
});

/** A new tab on the web chat with `channel` open. */
async function openChat(url: string, channel = 'ops'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.getByRole('button', { name: `# ${channel}` }).click();
  await page.locator('.connection[data-state="open"]').waitFor();
  return page;
}

/** Sends `text` from the command line. */
async function type(page: Page, text: string): Promise<void> {
  await page.getByLabel('Command').fill(text);
  await page.getByLabel('Command').press('Enter');
}

/** The card of the bot entry with this id. */
function card(page: Page, id: string) {
  return page.locator(`[data-entry-id="${id}"] .card`);
}

describe('the web chat UI in Chromium', () => {
  it('lists the channels, answers a typed command with a code block, and recalls it with ↑', async () => {
    const page = await openChat(stub.url, 'dev');
    await page.getByRole('button', { name: '# ops' }).hover();
    await page.getByRole('tooltip').filter({ hasText: 'kubectl' }).waitFor();
    await page.getByRole('button', { name: '# dev' }).click();
    await page.getByRole('heading', { name: '# dev' }).waitFor();

    await type(page, 'echo hello');
    const sent = await stub.waitForCommand((c) => c.text === 'echo hello');
    assert.equal(sent.channel, 'dev');
    assert.equal(sent.origin, 'typed');
    assert.match(sent.user, /^guest-[a-z0-9]{4}$/);
    await page.locator('.entry.user.own .bubble', { hasText: 'echo hello' }).waitFor();
    assert.equal(await page.locator('.entry.bot pre.code-block').last().textContent(), 'echo hello');

    await page.getByLabel('Command').press('ArrowUp');
    assert.equal(await page.getByLabel('Command').inputValue(), 'echo hello');
    await page.getByLabel('Command').press('ArrowDown');
    assert.equal(await page.getByLabel('Command').inputValue(), '');

    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Username').press('Enter');
    await type(page, 'echo from alice');
    assert.equal((await stub.waitForCommand((c) => c.text === 'echo from alice')).user, 'alice');
    await page.reload();
    assert.equal(await page.getByLabel('Username').inputValue(), 'alice', 'the username is kept');
    await page.close();
  });

  it('sends a button command with origin buttonClick, and opens URL buttons safely', async () => {
    const page = await openChat(stub.url);
    const entry = stub.post('ops', {
      sections: [
        {
          header: 'Pods',
          buttons: [
            { name: 'Run again', command: '{{BotName}} echo clicked', style: 'primary' },
            { name: 'Docs', url: 'https://example.com/docs' },
            { name: 'Evil', url: 'javascript:alert(1)' },
          ],
        },
        {
          buttons: [
            { name: 'Delete', command: '{{BotName}} echo delete', style: 'danger', description: '{{BotName}} echo delete' },
          ],
        },
      ],
    });
    await card(page, entry.id).getByRole('button', { name: 'Run again' }).click();
    const clicked = await stub.waitForCommand((c) => c.text === 'echo clicked');
    assert.deepEqual(clicked, { channel: 'ops', text: 'echo clicked', user: clicked.user, origin: 'buttonClick' });
    await page.locator('.entry.bot pre.code-block', { hasText: /^echo clicked$/ }).waitFor();

    const docs = card(page, entry.id).getByRole('link', { name: /Docs/ });
    assert.equal(await docs.getAttribute('href'), 'https://example.com/docs');
    assert.equal(await docs.getAttribute('target'), '_blank');
    assert.equal(await docs.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await card(page, entry.id).getByRole('link', { name: /Evil/ }).count(), 0);
    assert.ok(await card(page, entry.id).getByRole('button', { name: 'Evil' }).isDisabled());
    assert.equal(
      await card(page, entry.id).locator('.button-row .code-block').textContent(),
      'echo delete',
      'the description shows as code, without the placeholder',
    );
    await page.close();
  });

  it('sends select, multi-select and text input values as Botkube builds them', async () => {
    const page = await openChat(stub.url);
    const entry = stub.post('ops', {
      sections: [
        {
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
          plaintextInputs: [{ command: '{{BotName}} echo filter --filter=', text: 'Filter', placeholder: 'a regex' }],
        },
      ],
      plaintextInputs: [
        { command: '{{BotName}} echo search ', placeholder: 'as you type', dispatchedAction: 'on_character_entered' },
      ],
    });
    const view = card(page, entry.id);
    assert.equal(await view.getByRole('combobox').inputValue(), 'default', 'the initial option is chosen');
    await view.getByRole('combobox').selectOption('kube-system');
    assert.equal((await stub.waitForCommand((c) => c.text === 'echo ns kube-system')).origin, 'selectValueChange');

    await view.getByLabel('Pods').check();
    await view.getByLabel('Services').check();
    assert.equal((await stub.waitForCommand((c) => c.text === 'echo kinds pods')).origin, 'multiSelectValueChange');
    assert.equal((await stub.waitForCommand((c) => c.text === 'echo kinds pods,services')).origin, 'multiSelectValueChange');

    await view.getByPlaceholder('a regex').fill('a "b"\tc');
    await view.getByPlaceholder('a regex').press('Enter');
    const input = await stub.waitForCommand((c) => c.text.startsWith('echo filter'));
    await view.screenshot({ path: join(SHOTS, 'interactive.png') });

    await view.getByPlaceholder('as you type').pressSequentially('ngi');
    // Sent when typing pauses, without Enter.
    const typed = await stub.waitForCommand((c) => c.text === 'echo search "ngi"');
    assert.equal(typed.origin, 'plainTextInput');
    assert.deepEqual([input.text, input.origin], ['echo filter --filter="a \\"b\\"\\tc"', 'plainTextInput']);
    await page.close();
  });

  it('shows pushed notifications and streamed updates live, and counts unread ones', async () => {
    const page = await openChat(stub.url);
    const event = stub.post('ops', {
      type: 'nonInteractiveEventSingleSection',
      timestamp: '2024-05-06T07:08:09Z',
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
    assert.equal(await card(page, event.id).locator('time.message-time').getAttribute('datetime'), '2024-05-06T07:08:09Z');

    const streamed = stub.post('ops', { baseBody: { codeBlock: '1/2 pods' } }, { streaming: true });
    await card(page, streamed.id).getByText('streaming…').waitFor();
    stub.update(streamed.id, { baseBody: { codeBlock: '1/2 pods\n2/2 pods' } });
    await card(page, streamed.id).locator('pre', { hasText: '2/2 pods' }).waitFor();
    assert.equal(await card(page, streamed.id).getByText('streaming…').count(), 0);

    const thread = stub.post('ops', { type: 'threadMessage', baseBody: { plaintext: 'in the thread' } });
    await card(page, thread.id).getByText('reply in thread').waitFor();

    stub.post('dev', { baseBody: { plaintext: 'for dev' } });
    await page.getByRole('button', { name: /# dev/ }).locator('.badge', { hasText: '1' }).waitFor();
    stub.post('ops', { type: 'skipMessage', baseBody: { plaintext: 'never shown' } });
    stub.post('ops', { baseBody: { plaintext: 'after the skipped one' } });
    await page.getByText('after the skipped one').waitFor();
    assert.equal(await page.getByText('never shown').count(), 0);
    await page.getByRole('button', { name: /# dev/ }).click();
    await page.getByText('for dev').waitFor();
    await page.close();
  });

  it('catches up on what was pushed while the WebSocket was down', async () => {
    const page = await openChat(stub.url);
    stub.dropSockets(true);
    await page.locator('.connection[data-state="waiting"]').waitFor();
    stub.post('ops', { baseBody: { plaintext: 'posted while offline' } });
    stub.dropSockets(false);
    await page.locator('.connection[data-state="open"]').waitFor();
    await page.getByText('posted while offline').waitFor();
    await page.close();
  });

  it('shows the error the API answers', async () => {
    const page = await openChat(stub.url);
    stub.failNextSend(503, 'CHATKUBE_ERR_EXECUTOR_UNAVAILABLE', 'executor echo is restarting');
    await type(page, 'echo fails');
    await page
      .getByRole('alert')
      .filter({ hasText: 'executor echo is restarting (CHATKUBE_ERR_EXECUTOR_UNAVAILABLE)' })
      .waitFor();
    await page.screenshot({ path: join(SHOTS, 'error.png') });
    await type(page, 'echo works again');
    await page.locator('pre', { hasText: 'echo works again' }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'a successful send clears the error');
    await page.close();
  });

  it('shows HTML in any field as text: no element, no script, no dialog', async () => {
    const page = await openChat(stub.url);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const img = '<img src=x onerror="window.__pwned=1;alert(1)">';
    const script = '<script>window.__pwned=2;alert(2)</script>';
    const evil = `${img}${script}`;
    const message: Message = {
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
            { name: `url ${evil}`, url: 'data:text/html,<script>alert(4)</script>' },
          ],
          selects: {
            items: [{ name: evil, command: 'echo x', optionGroups: [{ name: evil, options: [{ name: evil, value: 'v' }] }] }],
          },
          plaintextInputs: [{ command: 'echo y', text: evil, placeholder: evil }],
        },
      ],
    };
    const entry = stub.post('ops', message);
    await card(page, entry.id).getByRole('heading').waitFor();
    assert.equal(await card(page, entry.id).getByRole('heading').textContent(), evil);
    assert.equal(await card(page, entry.id).locator('pre').first().textContent(), evil);
    await type(page, `echo ${evil}`);
    await page.locator('.entry.user .bubble', { hasText: `echo ${evil}` }).waitFor();
    await page.locator('.entry.bot pre', { hasText: `echo ${evil}` }).waitFor();

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
    await card(page, entry.id).screenshot({ path: join(SHOTS, 'injection.png') });
    await page.close();
  });

  it('asks for the token after a 401, tells when it is refused, and then works', async () => {
    const guarded = await WebchatApiStub.start({ staticDir: webchatDist, channels: CHANNELS, token: 'sesame' });
    after(() => guarded.close());
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(guarded.url);
    const form = page.getByRole('form', { name: 'Access token' });
    await form.waitFor();
    await page.screenshot({ path: join(SHOTS, 'token-form.png') });
    await form.getByLabel('Token').fill('wrong');
    await form.getByRole('button', { name: 'Connect' }).click();
    await form.getByText('The agent refused that token').waitFor();
    await form.getByLabel('Token').fill('sesame');
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.locator('.connection[data-state="open"]').waitFor();
    assert.equal(await form.count(), 0);
    await type(page, 'echo with token');
    await page.locator('pre', { hasText: 'echo with token' }).waitFor();
    assert.equal(guarded.refusedSockets, 0, 'the WebSocket carried the token from the start');
    assert.equal(await page.evaluate("sessionStorage.getItem('chatkube.webchat.token')"), 'sesame');
    await page.close();
  });

  it('looks right in light and dark (screenshots)', async () => {
    const page = await openChat(stub.url);
    await type(page, 'help');
    await page.getByText('is not known here').last().waitFor();
    stub.post('ops', {
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
          context: [{ text: 'kubectl · cluster dev-1' }],
        },
      ],
    });
    await page.getByText('Deployments in default').waitFor();
    const reply = stub.post('ops', { baseBody: { codeBlock: 'NAME    READY\nnginx   3/3' } }, { streaming: true });
    await card(page, reply.id).getByText('streaming…').waitFor();
    await page.getByRole('button', { name: '# ops' }).hover();
    await page.screenshot({ path: join(SHOTS, 'light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SHOTS, 'dark.png') });
    await page.setViewportSize({ width: 420, height: 760 });
    await page.screenshot({ path: join(SHOTS, 'narrow-dark.png') });
    stub.update(reply.id, { baseBody: { codeBlock: 'NAME    READY\nnginx   3/3' } });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in any page');
    await page.close();
  });
});
