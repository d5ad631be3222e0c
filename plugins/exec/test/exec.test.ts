import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { ExecuteInput, ExecuteOutput, Message } from '@chatkube/api';
import { createExec, exec, hostPlatform, type ToolConfig } from '../src/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'chatkube-exec-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
process.env.CHATKUBE_PLUGIN_SECRET = 'must-not-reach-tools';

/** A tool that prints its arguments, one a line, then its environment. */
const TOOL = '#!/bin/sh\nfor a in "$@"; do printf \'arg:%s\\n\' "$a"; done\necho --env--\nenv\n';
const script = (name: string, body: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
};
const printer = script('printer', TOOL.slice('#!/bin/sh\n'.length));
const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const hits = new Map<string, number>();
const files: Record<string, Uint8Array | string> = { '/tool': TOOL, '/archive': gzipSync(TOOL) };
const server = createServer((request, response) => {
  const path = request.url ?? '';
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const file = files[path];
  if (file === undefined) {
    response.writeHead(404).end('not here');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
});
let base = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const platform = hostPlatform();
const downloaded = (name: string, path: string, checksum: string): ToolConfig => ({
  name,
  download: { [platform]: { url: `${base}${path}`, checksum } },
});

const input = (command: string, tools: ToolConfig[], extra: object = {}): ExecuteInput => ({
  command,
  configs: [{ tools, ...extra }],
  context: { isInteractivitySupported: false, incomingWebhook: { baseSourceURL: '' } },
});
const body = (message: Message): string => message.baseBody?.codeBlock ?? message.baseBody?.plaintext ?? '';
const run = async (
  plugin: typeof exec,
  command: string,
  tools: ToolConfig[],
  extra: object = {},
  signal = new AbortController().signal,
) => body(((await plugin.execute(input(command, tools, extra), signal)) as ExecuteOutput).message);
const argsOf = (output: string): string[] =>
  output
    .split(/^--env--\n/m)[0]
    ?.split('\n')
    .filter((line) => line.startsWith('arg:'))
    .map((line) => line.slice(4)) ?? [];
const envOf = (output: string): string[] => (output.split(/^--env--\n/m)[1] ?? '').trim().split('\n').sort();

describe('the exec executor', () => {
  const tools: ToolConfig[] = [
    { name: 'printer', command: printer, description: 'prints its arguments' },
    { name: 'get', command: printer, allowedArgs: ['get', 'pods|services', '-n', '[a-z0-9-]+'] },
  ];

  it('runs a declared tool with its arguments, as exec <tool> and exec run <tool>', async () => {
    assert.deepEqual(argsOf(await run(exec, 'exec printer a "b c"', tools)), ['a', 'b c']);
    assert.deepEqual(argsOf(await run(exec, 'exec run printer x', tools)), ['x']);
    const output = await exec.execute(input('exec printer', tools), new AbortController().signal);
    assert.equal((output as ExecuteOutput).message.type, 'baseBodyWithFilter');
  });

  it('refuses a tool that is not declared, naming it', async () => {
    for (const command of ['exec rm -rf /', 'exec run sh -c id', 'exec /bin/sh']) {
      await assert.rejects(exec.execute(input(command, tools), new AbortController().signal), {
        code: 'CHATKUBE_ERR_EXEC_REFUSED',
        message: /^no tool named "(rm|sh|\/bin\/sh)" may run here; declared: printer, get \(exec list\)$/,
      });
    }
    await assert.rejects(exec.execute(input('exec anything', []), new AbortController().signal), {
      message: /none are declared/,
    });
    await assert.rejects(exec.execute(input('exec run', tools), new AbortController().signal), {
      message: /^exec run needs a tool name/,
    });
  });

  it('refuses an argument that matches no allowed pattern in full, naming it', async () => {
    assert.deepEqual(argsOf(await run(exec, 'exec get get pods -n kube-system', tools)), ['get', 'pods', '-n', 'kube-system']);
    await assert.rejects(exec.execute(input('exec get get pods --kubeconfig=/etc/passwd', tools), new AbortController().signal), {
      code: 'CHATKUBE_ERR_EXEC_REFUSED',
      message:
        'the argument "--kubeconfig=/etc/passwd" (argument 3) is not allowed for get (a flag is allowed only by a pattern that starts with -); allowed patterns: "get", "pods|services", "-n", "[a-z0-9-]+"',
    });
    // Patterns match whole arguments: "pods" inside "podsX" does not count.
    await assert.rejects(exec.execute(input('exec get get podsX', tools), new AbortController().signal), {
      message: /"podsX" \(argument 2\)/,
    });
    const none = [{ name: 'bare', command: printer, allowedArgs: [] }];
    await assert.rejects(exec.execute(input('exec bare x', none), new AbortController().signal), {
      message: /none: it takes no arguments/,
    });
  });

  it('passes shell syntax as plain arguments, running nothing else', async () => {
    const marker = join(scratch, 'pwned');
    const output = await run(exec, `exec printer ; rm -rf / '$(touch ${marker})' \`touch ${marker}\` '&&' id > ${marker}`, tools);
    assert.deepEqual(argsOf(output), [
      ';',
      'rm',
      '-rf',
      '/',
      `$(touch ${marker})`,
      '`touch',
      `${marker}\``,
      '&&',
      'id',
      '>',
      marker,
    ]);
    assert.equal(existsSync(marker), false);
    await assert.rejects(exec.execute(input('exec printer a\nrm -rf /', tools), new AbortController().signal), {
      code: 'CHATKUBE_ERR_COMMAND_SYNTAX',
    });
  });

  it("gives tools only PATH, HOME and the call's kubeconfig", async () => {
    const kubeConfig = new TextEncoder().encode('apiVersion: v1\n');
    const request = { ...input('exec printer', tools) };
    request.context = { ...request.context, kubeConfig };
    const output = body(((await exec.execute(request, new AbortController().signal)) as ExecuteOutput).message);
    const env = envOf(output).filter((line) => !line.startsWith('PWD=') && !line.startsWith('SHLVL=') && !line.startsWith('_='));
    const kube = env.find((line) => line.startsWith('KUBECONFIG='))?.slice('KUBECONFIG='.length);
    assert.ok(kube, 'KUBECONFIG is set');
    assert.equal(existsSync(kube), false, 'the kubeconfig is removed after the call');
    const expected = [`KUBECONFIG=${kube}`, `PATH=${process.env.PATH}`];
    if (process.env.HOME) expected.push(`HOME=${process.env.HOME}`);
    assert.deepEqual(env, expected.sort());
  });

  it('answers exec list and exec help', async () => {
    const list = await run(exec, 'exec list', [...tools, downloaded('fetched', '/tool', sha256(TOOL))]);
    assert.match(list, /^printer — prints its arguments \(runs .*printer\)$/m);
    assert.match(list, /^get \(runs .*printer, arguments matching get \| pods\|services \| -n \| \[a-z0-9-\]\+\)$/m);
    assert.match(list, new RegExp(`^fetched \\(downloaded for ${platform}\\)$`, 'm'));
    assert.match(await run(exec, 'exec list', []), /No tools are declared/);
    for (const command of ['exec', 'exec help', 'exec --help']) assert.match(await run(exec, command, tools), /^Usage:/);
  });

  it("answers with the tool's stderr when it fails, and stops it when the call is aborted", async () => {
    const failing = [{ name: 'fails', command: script('fails', 'echo "no such thing" >&2; exit 3') }];
    await assert.rejects(exec.execute(input('exec fails', failing), new AbortController().signal), {
      code: 'CHATKUBE_ERR_EXEC_FAILED',
      message: 'no such thing',
    });
    const pidFile = join(scratch, 'slow.pid');
    const slow = [{ name: 'slow', command: script('slow', `echo $$ > ${pidFile}; exec sleep 60`) }];
    const controller = new AbortController();
    const call = exec.execute(input('exec slow', slow), controller.signal);
    while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await assert.rejects(call, { name: 'AbortError' });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(isRunning(pid), false, 'the tool was stopped');
  });

  it('refuses configs that are not valid, naming the tool and key', async () => {
    const bad: [unknown[], RegExp][] = [
      [[{ name: 'x', allowedArgs: ['('] }], /tool x: allowedArgs\[0\] "\(" is not a regular expression/],
      [[{ name: 'list' }], /tools\[0\]: list is a word of exec itself/],
      [[{ name: 'a' }, { name: 'a' }], /tools\[1\]: the tool a is declared twice/],
      [[{ name: '../x' }], /tools\[0\]\.name must be letters/],
      [[{ name: 'x', command: 'bin/x' }], /tool x: command "bin\/x" must be an absolute path or a program name/],
      [[{ name: 'x', download: { [platform]: { url: `${base}/tool`, checksum: 'abc' } } }], /checksum must be a SHA-256 in hex/],
      [
        [{ name: 'x', download: { [platform]: { url: 'file:///bin/sh', checksum: sha256('') } } }],
        /url must be an http\(s\) URL/,
      ],
      [[{ name: 'x', download: { linux: { url: `${base}/tool`, checksum: sha256('') } } }], /the key must be "<os>\/<arch>"/],
    ];
    for (const [tools, message] of bad) {
      await assert.rejects(exec.execute(input('exec list', tools as ToolConfig[]), new AbortController().signal), {
        code: 'CHATKUBE_ERR_PLUGIN_CONFIG',
        message,
      });
    }
  });
});

describe('downloaded tools', () => {
  it('are fetched on first use, verified, made executable, and never fetched again', async () => {
    const cacheDir = join(scratch, 'cache-ok');
    const tools = [downloaded('fetched', '/tool', sha256(TOOL))];
    const plugin = createExec();
    assert.deepEqual(argsOf(await run(plugin, 'exec fetched one', tools, { cacheDir })), ['one']);
    assert.equal(hits.get('/tool'), 1);
    const file = join(cacheDir, sha256(TOOL), 'fetched');
    assert.equal(statSync(file).mode & 0o777, 0o755);
    assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(join(cacheDir, sha256(TOOL))), ['fetched'], 'no temp files left');

    await Promise.all([
      run(plugin, 'exec fetched two', tools, { cacheDir }),
      run(plugin, 'exec fetched three', tools, { cacheDir }),
    ]);
    // A fresh plugin (as after a restart) finds the verified file on disk.
    assert.deepEqual(argsOf(await run(createExec(), 'exec fetched four', tools, { cacheDir })), ['four']);
    assert.equal(hits.get('/tool'), 1, 'downloaded once');

    // A cached file that no longer has its checksum is replaced.
    writeFileSync(file, '#!/bin/sh\necho tampered\n');
    assert.deepEqual(argsOf(await run(createExec(), 'exec fetched five', tools, { cacheDir })), ['five']);
    assert.equal(hits.get('/tool'), 2);
  });

  it('refuse a file whose checksum is not the declared one, and remove it', async () => {
    const cacheDir = join(scratch, 'cache-mismatch');
    const wrong = sha256('something else');
    await assert.rejects(run(createExec(), 'exec fetched', [downloaded('fetched', '/tool', wrong)], { cacheDir }), {
      code: 'CHATKUBE_ERR_EXEC_CHECKSUM',
      message: `the fetched downloaded from ${base}/tool does not have the declared checksum: expected sha256 ${wrong}, got ${sha256(TOOL)}; the file was removed`,
    });
    assert.deepEqual(readdirSync(join(cacheDir, wrong)), []);
  });

  it('say which HTTP status a failed download got', async () => {
    const cacheDir = join(scratch, 'cache-404');
    await assert.rejects(run(createExec(), 'exec gone', [downloaded('gone', '/missing', sha256(''))], { cacheDir }), {
      code: 'CHATKUBE_ERR_EXEC_DOWNLOAD',
      message: `downloading gone from ${base}/missing failed: HTTP 404 Not Found`,
    });
    assert.deepEqual(readdirSync(join(cacheDir, sha256(''))), []);
    const closed = [{ name: 'down', download: { [platform]: { url: 'http://127.0.0.1:1/x', checksum: sha256('') } } }];
    await assert.rejects(run(createExec(), 'exec down', closed, { cacheDir }), {
      message: /^downloading down from http:\/\/127\.0\.0\.1:1\/x failed: /,
    });
  });

  it('refuse archives: only plain binaries run', async () => {
    const cacheDir = join(scratch, 'cache-archive');
    const gz = files['/archive'] as Uint8Array;
    await assert.rejects(run(createExec(), 'exec packed', [downloaded('packed', '/archive', sha256(gz))], { cacheDir }), {
      code: 'CHATKUBE_ERR_EXEC_DOWNLOAD',
      message: /is a gzip archive \(\.tar\.gz, \.tgz\): exec runs plain binaries only/,
    });
    assert.deepEqual(readdirSync(join(cacheDir, sha256(gz))), []);
  });

  it('need a download for this platform or a command', async () => {
    const other = [{ name: 'elsewhere', download: { 'plan9/mips': { url: `${base}/tool`, checksum: sha256(TOOL) } } }];
    await assert.rejects(run(createExec(), 'exec elsewhere', other), {
      message: `the tool elsewhere has no download for ${platform} (it has plan9/mips): add one, or set its command`,
    });
  });

  it('refuse a cache folder others can write', async () => {
    const cacheDir = join(scratch, 'cache-open');
    mkdirSync(cacheDir, { mode: 0o777 });
    chmodSync(cacheDir, 0o777);
    await assert.rejects(run(createExec(), 'exec fetched', [downloaded('fetched', '/tool', sha256(TOOL))], { cacheDir }), {
      code: 'CHATKUBE_ERR_FOLDER_NOT_PRIVATE',
      message: new RegExp(`^the exec cache ${cacheDir} is not private \\(owner \\d+, mode 777\\)`),
    });
  });
});

/** True while a process with this pid runs (a zombie does not count). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
