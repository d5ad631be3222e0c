/**
 * Exec credential plugins, v1 and v1beta1, with a small node script as the
 * plugin: tokens, client certificates, the cache until expiry and after a
 * 401, KUBERNETES_EXEC_INFO, and failures that carry the installHint.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import {
  createKubeCredentials,
  KubeconfigError,
  KubeconfigUnsupportedError,
  KubeExecCredentialError,
  loadKubeconfigFromFiles,
  loadKubeconfigFromText,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'chatkube-kube-exec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const PEM = (what: string) => `-----BEGIN ${what}-----\nAAAA\n-----END ${what}-----\n`;
const RUNS = join(dir, 'runs.jsonl');

// The plugin: records each run (its env, KUBERNETES_EXEC_INFO) and prints what its first argument asks for.
const PLUGIN = join(dir, 'cred.mjs');
writeFileSync(
  PLUGIN,
  `#!/usr/bin/env node
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
const [mode, apiVersion] = process.argv.slice(2);
const runs = process.env.RUNS_FILE;
appendFileSync(runs, JSON.stringify({ info: JSON.parse(process.env.KUBERNETES_EXEC_INFO), team: process.env.TEAM }) + '\\n');
const run = readFileSync(runs, 'utf8').trim().split('\\n').length;
const hour = 3600 * 1000;
const status = {
  token: { token: 'tok-' + run },
  expired: { token: 'tok-' + run, expirationTimestamp: new Date(Date.now() - hour).toISOString() },
  lasting: { token: 'tok-' + run, expirationTimestamp: new Date(Date.now() + hour).toISOString() },
  cert: { clientCertificateData: ${JSON.stringify(PEM('CERTIFICATE'))}, clientKeyData: ${JSON.stringify(PEM('PRIVATE KEY'))} },
  nothing: {},
  badtime: { token: 't', expirationTimestamp: 'soon' },
}[mode];
if (mode === 'fail') {
  process.stderr.write('error: you must log in first\\n');
  process.exit(3);
}
if (mode === 'garbage') process.stdout.write('hello');
else process.stdout.write(JSON.stringify({ apiVersion, kind: 'ExecCredential', status }));
`,
);
chmodSync(PLUGIN, 0o755);

const runs = (): { info: { apiVersion: string; kind: string; spec: Record<string, unknown> }; team?: string }[] =>
  existsSync(RUNS)
    ? readFileSync(RUNS, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : [];

beforeEach(() => rmSync(RUNS, { force: true }));

const env = { ...process.env, RUNS_FILE: RUNS };

/** The credentials of a kubeconfig whose user runs the plugin with `mode`. */
function credentials(mode: string, exec: Record<string, unknown> = {}, cluster: Record<string, unknown> = {}) {
  const apiVersion = (exec.apiVersion as string | undefined) ?? V1;
  const config = loadKubeconfigFromText(
    JSON.stringify({
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { server: 'https://k:6443', ...cluster } }],
      users: [
        {
          name: 'u',
          user: {
            exec: { apiVersion, command: process.execPath, args: [PLUGIN, mode, apiVersion], interactiveMode: 'Never', ...exec },
          },
        },
      ],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    }),
    { origin: 'exec.yaml' },
  );
  return createKubeCredentials(config, { env });
}

const authorization = async (promise: ReturnType<typeof credentials>) => {
  const creds = await promise;
  return async () => (await creds.requestOptions()).headers.Authorization;
};

describe('exec credential plugins', () => {
  it('v1: sends the token, keeps it until a 401, passes env and KUBERNETES_EXEC_INFO without the cluster', async () => {
    const creds = await credentials('token', { env: [{ name: 'TEAM', value: 'ops' }] });
    assert.equal((await creds.requestOptions()).headers.Authorization, 'Bearer tok-1');
    assert.equal((await creds.requestOptions()).headers.Authorization, 'Bearer tok-1');
    creds.invalidate();
    assert.equal((await creds.requestOptions()).headers.Authorization, 'Bearer tok-2');
    const [first] = runs();
    assert.deepEqual(first, { info: { apiVersion: V1, kind: 'ExecCredential', spec: { interactive: false } }, team: 'ops' });
  });

  it('v1beta1: runs again once the credential expired, gives the cluster when provideClusterInfo', async () => {
    const get = await authorization(
      credentials(
        'expired',
        { apiVersion: V1BETA1, interactiveMode: undefined, provideClusterInfo: true },
        {
          'certificate-authority-data': Buffer.from(PEM('CERTIFICATE')).toString('base64'),
          'tls-server-name': 'api',
          extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'k8s' } }],
        },
      ),
    );
    assert.equal(await get(), 'Bearer tok-1');
    assert.equal(await get(), 'Bearer tok-2');
    assert.deepEqual(runs()[0]?.info, {
      apiVersion: V1BETA1,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: {
          server: 'https://k:6443',
          'tls-server-name': 'api',
          'certificate-authority-data': Buffer.from(PEM('CERTIFICATE')).toString('base64'),
          config: { audience: 'k8s' },
        },
      },
    });
  });

  it('keeps a credential that has not expired, and runs the plugin once for concurrent requests', async () => {
    const creds = await credentials('lasting');
    const all = await Promise.all([creds.requestOptions(), creds.requestOptions(), creds.requestOptions()]);
    assert.deepEqual(
      all.map((options) => options.headers.Authorization),
      ['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1'],
    );
    assert.equal((await creds.requestOptions()).headers.Authorization, 'Bearer tok-1');
    assert.equal(runs().length, 1);
  });

  it('presents the client certificate and key a plugin gives', async () => {
    const options = await (await credentials('cert')).requestOptions();
    assert.equal(options.cert?.toString(), PEM('CERTIFICATE'));
    assert.equal(options.key?.toString(), PEM('PRIVATE KEY'));
    assert.equal(options.headers.Authorization, undefined);
  });

  it('runs a command given as a path relative to its kubeconfig file', async () => {
    const file = join(dir, 'relative.yaml');
    writeFileSync(
      file,
      `current-context: c
clusters: [{ name: k, cluster: { server: "https://k:6443" } }]
users: [{ name: u, user: { exec: { apiVersion: ${V1}, command: ./cred.mjs, args: [token, ${V1}], interactiveMode: Never } } }]
contexts: [{ name: c, context: { cluster: k, user: u } }]
`,
    );
    const creds = await createKubeCredentials(await loadKubeconfigFromFiles([file]), { env });
    assert.equal((await creds.requestOptions()).headers.Authorization, 'Bearer tok-1');
  });

  it('fails with the stderr and the installHint, or says the plugin is not installed', async () => {
    const installHint = 'Install the login plugin: https://example.test/login';
    await assert.rejects((await credentials('fail', { installHint })).requestOptions(), (error: unknown) => {
      assert.ok(error instanceof KubeExecCredentialError);
      assert.equal(error.code, 'CHATKUBE_ERR_KUBE_EXEC_CREDENTIAL');
      assert.match(error.message, /users\[u\]\.user\.exec \(exec\.yaml\) exited with status 3: error: you must log in first/);
      assert.ok(error.message.endsWith(installHint));
      return true;
    });
    await assert.rejects(
      (await credentials('token', { command: join(dir, 'no-such-plugin'), installHint })).requestOptions(),
      (error: unknown) => {
        assert.ok(error instanceof KubeExecCredentialError);
        assert.match(error.message, /no-such-plugin of users\[u\]\.user\.exec \(exec\.yaml\) is not installed \(not found\)/);
        assert.ok(error.message.endsWith(installHint));
        return true;
      },
    );
  });

  it('refuses output that is not a usable ExecCredential of the version asked', async () => {
    await assert.rejects((await credentials('garbage')).requestOptions(), /printed no ExecCredential JSON: "hello"/);
    await assert.rejects(
      (await credentials('nothing')).requestOptions(),
      /neither status\.token nor status\.clientCertificateData/,
    );
    await assert.rejects(
      (await credentials('badtime')).requestOptions(),
      /status\.expirationTimestamp "soon", which is not an RFC 3339 time/,
    );
    await assert.rejects(
      (await credentials('token', { args: [PLUGIN, 'token', V1BETA1] })).requestOptions(),
      /printed an ExecCredential of "client\.authentication\.k8s\.io\/v1beta1", expected client\.authentication\.k8s\.io\/v1/,
    );
  });

  it('names a bad exec config, and refuses interactiveMode Always', async () => {
    const named =
      (key: string, message: RegExp, type: typeof KubeconfigError = KubeconfigError) =>
      (error: unknown) => {
        assert.ok(error instanceof type, String(error));
        assert.equal(error.key, `users[u].user.exec.${key}`);
        assert.match(error.message, message);
        return true;
      };
    await assert.rejects(
      credentials('token', { interactiveMode: undefined }),
      named('interactiveMode', /must be set for .*\/v1/),
    );
    await assert.rejects(
      credentials('token', { interactiveMode: 'Always' }),
      named('interactiveMode', /is Always, and this client has no terminal/, KubeconfigUnsupportedError),
    );
    await assert.rejects(
      credentials('token', { apiVersion: 'client.authentication.k8s.io/v1alpha1' }),
      named('apiVersion', /must be one of client\.authentication\.k8s\.io\/v1, client\.authentication\.k8s\.io\/v1beta1/),
    );
    await assert.rejects(
      credentials('token', { env: { TEAM: 'ops' } }),
      named('env', /must be a list of \{name, value\} strings/),
    );
    await assert.rejects(credentials('token', { command: '' }), named('command', /must name the plugin to run/));
  });
});
