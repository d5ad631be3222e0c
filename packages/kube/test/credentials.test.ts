/**
 * Credentials: headers (bearer token, token file, basic auth, impersonation),
 * TLS options against a real https server that asks for a client
 * certificate, identities, and what is refused by name.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import {
  createKubeCredentials,
  KubeconfigError,
  KubeconfigUnsupportedError,
  type LoadedKubeconfig,
  loadKubeconfigFromText,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'chatkube-kube-credentials-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const FAKE_PEM = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';

/** A loaded context with `cluster` and `user` as given. */
const loaded = (
  user: Record<string, unknown>,
  cluster: Record<string, unknown> = { server: 'https://k:6443' },
): LoadedKubeconfig =>
  loadKubeconfigFromText(
    JSON.stringify({
      'current-context': 'c',
      clusters: [{ name: 'k', cluster }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    }),
    { origin: 'test.yaml', dir },
  );

async function rejectsNamed(
  promise: Promise<unknown>,
  type: typeof KubeconfigError,
  message: RegExp,
  key: string,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof type, String(error));
    assert.match(error.message, message);
    assert.equal(error.key, key);
    assert.equal(error.context, 'c');
    assert.equal(error.origin, 'test.yaml');
    return true;
  });
}

describe('createKubeCredentials: headers', () => {
  it('sends a bearer token, or basic auth, and impersonation headers', async () => {
    const token = await createKubeCredentials(
      loaded({
        token: 'abc',
        as: 'chat:ops',
        'as-groups': ['viewers', 'ops'],
        'as-uid': '42',
        'as-user-extra': { 'acme.io/team': ['a', 'b'] },
      }),
    );
    const options = await token.requestOptions();
    assert.deepEqual(options.headers, {
      Authorization: 'Bearer abc',
      'Impersonate-User': 'chat:ops',
      'Impersonate-Group': ['viewers', 'ops'],
      'Impersonate-Uid': '42',
      'Impersonate-Extra-acme.io%2Fteam': ['a', 'b'],
    });
    assert.equal(options.rejectUnauthorized, true);
    assert.equal(token.server, 'https://k:6443');
    const basic = await createKubeCredentials(loaded({ username: 'admin', password: 'p:w' }));
    assert.deepEqual((await basic.requestOptions()).headers, { Authorization: `Basic ${base64('admin:p:w')}` });
    const anonymous = await createKubeCredentials(
      loaded({}, { server: 'http://127.0.0.1:8080/', 'insecure-skip-tls-verify': true }),
    );
    assert.deepEqual(await anonymous.requestOptions(), {
      ca: undefined,
      cert: undefined,
      key: undefined,
      rejectUnauthorized: false,
      servername: undefined,
      headers: {},
    });
    assert.equal(anonymous.server, 'http://127.0.0.1:8080');
  });

  it('re-reads a token file when it changes, and after a 401', async () => {
    const path = join(dir, 'token');
    writeFileSync(path, 'first\n');
    const credentials = await createKubeCredentials(loaded({ tokenFile: 'token', token: 'ignored' }));
    assert.equal((await credentials.requestOptions()).headers.Authorization, 'Bearer first');
    writeFileSync(path, 'second-and-longer\n');
    assert.equal((await credentials.requestOptions()).headers.Authorization, 'Bearer second-and-longer');
    writeFileSync(path, 'third-and-longer\n'); // same size: the stat may not tell, a 401 does
    credentials.invalidate();
    assert.equal((await credentials.requestOptions()).headers.Authorization, 'Bearer third-and-longer');
    writeFileSync(path, '\n');
    credentials.invalidate();
    await assert.rejects(credentials.requestOptions(), /the token file .*token is empty/);
  });

  it('has one identity per cluster and user, impersonation included', async () => {
    const a = await createKubeCredentials(loaded({ token: 'abc' }));
    const b = await createKubeCredentials(loaded({ token: 'abc' }));
    const c = await createKubeCredentials(loaded({ token: 'abc', as: 'someone' }));
    const d = await createKubeCredentials(loaded({ token: 'abc' }, { server: 'https://other:6443' }));
    assert.equal(a.identity, b.identity);
    assert.notEqual(a.identity, c.identity);
    assert.notEqual(a.identity, d.identity);
  });
});

describe('createKubeCredentials: refused by name', () => {
  it('refuses auth-provider and proxy-url as unsupported', async () => {
    await rejectsNamed(
      createKubeCredentials(loaded({ 'auth-provider': { name: 'oidc', config: {} } })),
      KubeconfigUnsupportedError,
      /users\[u\]\.user\.auth-provider is the "oidc" auth-provider, which this client does not support/,
      'users[u].user.auth-provider',
    );
    await rejectsNamed(
      createKubeCredentials(loaded({}, { server: 'https://k', 'proxy-url': 'http://proxy:3128' })),
      KubeconfigUnsupportedError,
      /clusters\[k\]\.cluster\.proxy-url is set, and this client does not connect through proxies/,
      'clusters[k].cluster.proxy-url',
    );
  });

  it('names bad base64, files without PEM, a lone certificate, bad servers and odd values', async () => {
    await rejectsNamed(
      createKubeCredentials(loaded({}, { server: 'https://k', 'certificate-authority-data': 'not base64!' })),
      KubeconfigError,
      /clusters\[k\]\.cluster\.certificate-authority-data is not base64 of PEM data \(test\.yaml, context "c"\)/,
      'clusters[k].cluster.certificate-authority-data',
    );
    await rejectsNamed(
      createKubeCredentials(loaded({ 'client-key-data': base64('no pem here'), 'client-certificate-data': base64(FAKE_PEM) })),
      KubeconfigError,
      /users\[u\]\.user\.client-key-data is not base64 of PEM data/,
      'users[u].user.client-key-data',
    );
    writeFileSync(join(dir, 'plain.crt'), 'plain');
    await rejectsNamed(
      createKubeCredentials(loaded({ 'client-certificate': 'plain.crt', 'client-key-data': base64(FAKE_PEM) })),
      KubeconfigError,
      /client-certificate names .*plain\.crt, which holds no PEM data/,
      'users[u].user.client-certificate',
    );
    await rejectsNamed(
      createKubeCredentials(loaded({ 'client-certificate': 'missing.crt' })),
      KubeconfigError,
      /cannot read .*missing\.crt, the users\[u\]\.user\.client-certificate/,
      'users[u].user.client-certificate',
    );
    await rejectsNamed(
      createKubeCredentials(loaded({ 'client-certificate-data': base64(FAKE_PEM) })),
      KubeconfigError,
      /client-key is missing: client-certificate and client-key go together/,
      'users[u].user.client-key',
    );
    await rejectsNamed(
      createKubeCredentials(loaded({}, { server: 'ftp://k' })),
      KubeconfigError,
      /server must be an https or http URL/,
      'clusters[k].cluster.server',
    );
    await rejectsNamed(
      createKubeCredentials(loaded({ token: 't', username: 'u' })),
      KubeconfigError,
      /username and a token are both set/,
      'users[u].user.username',
    );
    await rejectsNamed(
      createKubeCredentials(loaded({ 'as-groups': ['g'] })),
      KubeconfigError,
      /as must be set when as-groups/,
      'users[u].user.as',
    );
    await rejectsNamed(
      createKubeCredentials(loaded({ 'as-groups': 'g', as: 'x' })),
      KubeconfigError,
      /as-groups must be a list of strings/,
      'users[u].user.as-groups',
    );
  });
});

function openssl(name: string, subject: string, san: string): { cert: Buffer; key: Buffer } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
      ...['-subj', subject, '-addext', `subjectAltName=${san}`, '-keyout', key, '-out', cert],
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

describe('createKubeCredentials: TLS against a real https server', () => {
  it('trusts the CA, checks tls-server-name, presents the client certificate (files and data)', async (t) => {
    const server = openssl('server', '/CN=api', 'DNS:api.cluster.test');
    const client = openssl('client', '/CN=alice', 'DNS:alice');
    const seen: { user: unknown; authorization: string | undefined; impersonate: unknown }[] = [];
    const api = https.createServer(
      { ...server, ca: client.cert, requestCert: true, rejectUnauthorized: true },
      (request, response) => {
        const peer = (request.socket as TLSSocket).getPeerCertificate();
        seen.push({
          user: peer.subject?.CN,
          authorization: request.headers.authorization,
          impersonate: request.headers['impersonate-user'],
        });
        response.end('{}');
      },
    );
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    t.after(() => api.close());
    const url = `https://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const get = async (config: LoadedKubeconfig) => {
      const credentials = await createKubeCredentials(config);
      const { headers, ...tls } = await credentials.requestOptions();
      await new Promise<void>((resolve, reject) => {
        https
          .get(`${credentials.server}/api`, { ...tls, headers, agent: false }, (response) => {
            response.resume();
            response.on('end', resolve);
          })
          .on('error', reject);
      });
    };
    writeFileSync(join(dir, 'ca.crt'), server.cert);
    await get(
      loaded(
        { 'client-certificate': 'client.crt', 'client-key': 'client.key', as: 'bob' },
        { server: url, 'certificate-authority': 'ca.crt', 'tls-server-name': 'api.cluster.test' },
      ),
    );
    await get(
      loaded(
        { 'client-certificate-data': base64(client.cert), 'client-key-data': base64(client.key), token: 'tok' },
        { server: url, 'certificate-authority-data': base64(server.cert), 'tls-server-name': 'api.cluster.test' },
      ),
    );
    assert.deepEqual(seen, [
      { user: 'alice', authorization: undefined, impersonate: 'bob' },
      { user: 'alice', authorization: 'Bearer tok', impersonate: undefined },
    ]);
    // The server's certificate is not for 127.0.0.1: without tls-server-name the check fails, as it must.
    await assert.rejects(
      get(
        loaded(
          { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
          { server: url, 'certificate-authority': 'ca.crt' },
        ),
      ),
      /altnames|does not match|IP: 127\.0\.0\.1/i,
    );
  });
});
