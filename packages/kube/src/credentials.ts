/**
 * A loaded kubeconfig made into what a node:https request needs: the server,
 * TLS options (ca, cert, key, rejectUnauthorized, servername) and headers
 * (Authorization, Impersonate-*), fetched anew per request so that rotating
 * token files and expiring exec credentials stay current. What it does not
 * do (auth-provider, proxy-url) it refuses at once, by name.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { KubeconfigError, type KubeconfigPlace, KubeconfigUnsupportedError } from './errors.js';
import { type ExecClusterInfo, ExecCredentialPlugin, type ExecPluginOptions } from './exec-credential.js';
import { TokenFile } from './token-file.js';
import { isFields, type KubeFields, type LoadedKubeconfig } from './types.js';

/** The options of one request to the API server, to spread into `https.request` options. */
export interface KubeRequestOptions {
  /** The CA bundle (PEM) to trust instead of the system's; undefined: the system's. */
  ca?: Buffer | undefined;
  /** The client certificate (PEM). */
  cert?: Buffer | undefined;
  /** The client certificate's key (PEM). */
  key?: Buffer | undefined;
  /** False with `insecure-skip-tls-verify`. */
  rejectUnauthorized: boolean;
  /** `tls-server-name`: the name the server's certificate is checked against. */
  servername?: string | undefined;
  /** Authorization and Impersonate-* headers; a list is sent as repeated headers. */
  headers: Record<string, string | string[]>;
}

/** The credentials of one kubeconfig context. */
export interface KubeCredentials {
  /** The server's base URL, without a trailing slash. */
  readonly server: string;
  /** A hash of cluster and user (impersonation included): equal identities may share connections and watches. */
  readonly identity: string;
  /** The kubeconfig these came from. */
  readonly config: LoadedKubeconfig;
  /** The options for the next request. Throws KubeconfigError, KubeExecCredentialError. */
  requestOptions(): Promise<KubeRequestOptions>;
  /** The server refused a request (401): read files and run the exec plugin again for the next one. */
  invalidate(): void;
}

export interface CredentialsOptions extends ExecPluginOptions {}

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

interface Material {
  ca?: Buffer | undefined;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
}

class Reader {
  constructor(
    readonly config: LoadedKubeconfig,
    readonly list: 'clusters' | 'users',
  ) {}

  place(key: string): KubeconfigPlace {
    const { origin, context, clusterName, userName } = this.config;
    const name = this.list === 'clusters' ? clusterName : userName;
    return { origin, context, key: `${this.list}[${name}].${this.list === 'clusters' ? 'cluster' : 'user'}.${key}` };
  }

  bad(key: string, what: string): KubeconfigError {
    const place = this.place(key);
    return new KubeconfigError(`${place.key} ${what} (${place.origin}, context "${place.context}")`, place);
  }

  get fields(): KubeFields {
    return this.list === 'clusters' ? this.config.cluster : this.config.user;
  }

  string(key: string): string | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw this.bad(key, 'must be a string');
    return value;
  }

  strings(key: string): string[] {
    const value = this.fields[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw this.bad(key, 'must be a list of strings');
    return value as string[];
  }

  /** A `-data` key's PEM, or the file its path key names. */
  async pem(dataKey: string, fileKey: string): Promise<Buffer | undefined> {
    const data = this.string(dataKey);
    if (data !== undefined) {
      const decoded = BASE64.test(data) ? Buffer.from(data, 'base64') : undefined;
      if (!decoded || !PEM.test(decoded.toString('latin1'))) throw this.bad(dataKey, 'is not base64 of PEM data');
      return decoded;
    }
    const file = this.string(fileKey);
    if (file === undefined) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new KubeconfigError(
        `cannot read ${file}, the ${this.place(fileKey).key}: ${(error as Error).message}`,
        this.place(fileKey),
        {
          cause: error,
        },
      );
    }
    if (!PEM.test(bytes.toString('latin1'))) throw this.bad(fileKey, `names ${file}, which holds no PEM data`);
    return bytes;
  }
}

function impersonationHeaders(user: Reader): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  const as = user.string('as');
  const groups = user.strings('as-groups');
  const uid = user.string('as-uid');
  const extra = user.fields['as-user-extra'];
  if (as === undefined && (groups.length > 0 || uid !== undefined || extra !== undefined))
    throw user.bad(
      'as',
      'must be set when as-groups, as-uid or as-user-extra is (Kubernetes impersonates a user, not groups alone)',
    );
  if (as !== undefined) headers['Impersonate-User'] = as;
  if (groups.length > 0) headers['Impersonate-Group'] = groups;
  if (uid !== undefined) headers['Impersonate-Uid'] = uid;
  if (extra !== undefined && extra !== null) {
    if (!isFields(extra)) throw user.bad('as-user-extra', 'must map names to lists of strings');
    for (const [name, values] of Object.entries(extra)) {
      if (!Array.isArray(values) || values.some((value) => typeof value !== 'string'))
        throw user.bad(`as-user-extra.${name}`, 'must be a list of strings');
      // Header names cannot hold every character of an extra's name: Kubernetes reads them percent-encoded.
      headers[`Impersonate-Extra-${encodeURIComponent(name)}`] = values as string[];
    }
  }
  return headers;
}

function serverOf(cluster: Reader): string {
  const server = cluster.string('server') ?? '';
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw cluster.bad('server', `is not a URL: ${JSON.stringify(server)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw cluster.bad('server', `must be an https or http URL, not ${server}`);
  return server.replace(/\/+$/, '');
}

/** The credentials of `config` (a loaded context). Throws KubeconfigError or KubeconfigUnsupportedError naming the key. */
export async function createKubeCredentials(
  config: LoadedKubeconfig,
  options: CredentialsOptions = {},
): Promise<KubeCredentials> {
  const cluster = new Reader(config, 'clusters');
  const user = new Reader(config, 'users');
  const server = serverOf(cluster);
  if (cluster.string('proxy-url') !== undefined)
    throw new KubeconfigUnsupportedError(
      `${cluster.place('proxy-url').key} is set, and this client does not connect through proxies (${config.origin})`,
      cluster.place('proxy-url'),
    );
  if (user.fields['auth-provider'] !== undefined) {
    const provider = user.fields['auth-provider'];
    const name = isFields(provider) && typeof provider.name === 'string' ? provider.name : 'unnamed';
    throw new KubeconfigUnsupportedError(
      `${user.place('auth-provider').key} is the "${name}" auth-provider, which this client does not support: use an exec credential plugin instead (${config.origin}, context "${config.context}")`,
      user.place('auth-provider'),
    );
  }
  const skipVerify = cluster.fields['insecure-skip-tls-verify'];
  if (skipVerify !== undefined && typeof skipVerify !== 'boolean')
    throw cluster.bad('insecure-skip-tls-verify', 'must be true or false');
  const servername = cluster.string('tls-server-name');
  const impersonation = impersonationHeaders(user);

  const token = user.string('token');
  const tokenPath = user.string('tokenFile');
  const username = user.string('username');
  const password = user.string('password');
  if ((token !== undefined || tokenPath !== undefined) && (username !== undefined || password !== undefined))
    throw user.bad('username', 'and a token are both set: use one of them');
  const basic =
    username !== undefined || password !== undefined
      ? Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')
      : undefined;
  const tokenFile = tokenPath !== undefined ? new TokenFile(tokenPath, user.place('tokenFile')) : undefined;

  const readMaterial = async (): Promise<Material> => ({
    ca: await cluster.pem('certificate-authority-data', 'certificate-authority'),
    cert: await user.pem('client-certificate-data', 'client-certificate'),
    key: await user.pem('client-key-data', 'client-key'),
  });
  let material = await readMaterial();
  if ((material.cert === undefined) !== (material.key === undefined))
    throw user.bad(
      material.cert ? 'client-key' : 'client-certificate',
      `is missing: client-certificate and client-key go together`,
    );
  let stale = false;

  const exec = user.fields.exec;
  let plugin: ExecCredentialPlugin | undefined;
  if (exec !== undefined && exec !== null) {
    if (!isFields(exec)) throw user.bad('exec', 'must be a mapping');
    const info: ExecClusterInfo = { server };
    if (servername !== undefined) info['tls-server-name'] = servername;
    if (skipVerify === true) info['insecure-skip-tls-verify'] = true;
    if (material.ca) info['certificate-authority-data'] = material.ca.toString('base64');
    const extensions = cluster.fields.extensions;
    if (Array.isArray(extensions)) {
      const own = extensions.find((item: unknown) => isFields(item) && item.name === 'client.authentication.k8s.io/exec');
      if (isFields(own) && own.extension !== undefined) info.config = own.extension;
    }
    plugin = new ExecCredentialPlugin(exec, info, user.place('exec'), options);
  }

  const identity = `kube:${createHash('sha256')
    .update(JSON.stringify([server, config.cluster, config.user]))
    .digest('hex')
    .slice(0, 32)}`;

  return {
    server,
    identity,
    config,
    async requestOptions() {
      if (stale) {
        material = await readMaterial();
        stale = false;
      }
      const headers: Record<string, string | string[]> = { ...impersonation };
      let { cert, key } = material;
      if (plugin) {
        const credential = await plugin.credential();
        if (credential.token) headers.Authorization = `Bearer ${credential.token}`;
        if (credential.clientCertificateData && credential.clientKeyData) {
          cert = Buffer.from(credential.clientCertificateData);
          key = Buffer.from(credential.clientKeyData);
        }
      }
      if (!headers.Authorization) {
        if (tokenFile) headers.Authorization = `Bearer ${await tokenFile.token()}`;
        else if (token !== undefined) headers.Authorization = `Bearer ${token}`;
        else if (basic !== undefined) headers.Authorization = `Basic ${basic}`;
      }
      return {
        ca: material.ca,
        cert,
        key,
        rejectUnauthorized: skipVerify !== true,
        servername,
        headers,
      };
    },
    invalidate() {
      plugin?.invalidate();
      tokenFile?.invalidate();
      stale = true;
    },
  };
}
