/**
 * Exec credential plugins (`users[].user.exec`), client.authentication.k8s.io
 * v1 and v1beta1: runs the command with its args and env (and
 * KUBERNETES_EXEC_INFO, the cluster in it when `provideClusterInfo`), never
 * interactively, and reads the ExecCredential it prints: a token, or a client
 * certificate and key. The credential is kept until its
 * `expirationTimestamp`, or until the server refuses it (a 401).
 */
import { spawn } from 'node:child_process';
import { KubeconfigError, type KubeconfigPlace, KubeconfigUnsupportedError, KubeExecCredentialError } from './errors.js';
import { isFields, type KubeFields } from './types.js';

const API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];
const MAX_OUTPUT = 1 << 20;
/** Refresh this long before the plugin's expiry, that a request does not leave with a credential about to lapse. */
const EXPIRY_MARGIN_MS = 10_000;

/** What a plugin gave: a bearer token, or a client certificate and key (PEM). */
export interface ExecCredential {
  token?: string | undefined;
  clientCertificateData?: string | undefined;
  clientKeyData?: string | undefined;
  /** Epoch ms after which to run the plugin again; undefined: until a 401. */
  expiresAt?: number | undefined;
}

/** The cluster as ExecCredential's `spec.cluster` carries it (provideClusterInfo). */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  config?: unknown;
}

interface ExecConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  installHint: string | undefined;
  provideClusterInfo: boolean;
}

/** Checks `exec` (a kubeconfig user's `exec` mapping); throws naming the key. */
function execConfig(exec: KubeFields, place: KubeconfigPlace): ExecConfig {
  const at = (key: string): KubeconfigPlace => ({ ...place, key: `${place.key}.${key}` });
  const bad = (key: string, what: string) => new KubeconfigError(`${at(key).key} ${what} (${place.origin})`, at(key));
  const { apiVersion, command, args = [], env = [], installHint, provideClusterInfo = false, interactiveMode } = exec;
  if (typeof apiVersion !== 'string' || !API_VERSIONS.includes(apiVersion))
    throw bad('apiVersion', `must be one of ${API_VERSIONS.join(', ')}, not ${JSON.stringify(apiVersion)}`);
  if (typeof command !== 'string' || command === '') throw bad('command', 'must name the plugin to run');
  if (!Array.isArray(args) || args.some((arg) => typeof arg !== 'string')) throw bad('args', 'must be a list of strings');
  if (
    !Array.isArray(env) ||
    env.some((item) => !isFields(item) || typeof item.name !== 'string' || typeof item.value !== 'string')
  )
    throw bad('env', 'must be a list of {name, value} strings');
  if (installHint !== undefined && typeof installHint !== 'string') throw bad('installHint', 'must be a string');
  if (typeof provideClusterInfo !== 'boolean') throw bad('provideClusterInfo', 'must be true or false');
  if (interactiveMode === undefined && apiVersion.endsWith('/v1')) throw bad('interactiveMode', `must be set for ${apiVersion}`);
  if (interactiveMode === 'Always')
    throw new KubeconfigUnsupportedError(
      `${at('interactiveMode').key} is Always, and this client has no terminal to give the plugin (${place.origin})`,
      at('interactiveMode'),
    );
  if (interactiveMode !== undefined && interactiveMode !== 'Never' && interactiveMode !== 'IfAvailable')
    throw bad('interactiveMode', 'must be Never, IfAvailable or Always');
  return {
    apiVersion,
    command,
    args: args as string[],
    env: env as { name: string; value: string }[],
    installHint,
    provideClusterInfo,
  };
}

/** The ExecCredential printed by the plugin; throws KubeExecCredentialError saying what is wrong. */
function parseOutput(stdout: string, config: ExecConfig, fail: (message: string) => Error): ExecCredential {
  let credential: unknown;
  try {
    credential = JSON.parse(stdout);
  } catch {
    throw fail(`printed no ExecCredential JSON: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  if (!isFields(credential) || credential.kind !== 'ExecCredential') throw fail('printed JSON that is not an ExecCredential');
  if (credential.apiVersion !== config.apiVersion)
    throw fail(`printed an ExecCredential of ${JSON.stringify(credential.apiVersion)}, expected ${config.apiVersion}`);
  const status = credential.status;
  if (!isFields(status)) throw fail('printed an ExecCredential without status');
  const { token, clientCertificateData, clientKeyData, expirationTimestamp } = status;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  if (text(clientCertificateData) !== undefined) {
    if (text(clientKeyData) === undefined) throw fail('printed status.clientCertificateData without status.clientKeyData');
  } else if (text(clientKeyData) !== undefined) throw fail('printed status.clientKeyData without status.clientCertificateData');
  if (text(token) === undefined && text(clientCertificateData) === undefined)
    throw fail('printed an ExecCredential with neither status.token nor status.clientCertificateData');
  let expiresAt: number | undefined;
  if (expirationTimestamp !== undefined && expirationTimestamp !== null) {
    expiresAt = typeof expirationTimestamp === 'string' ? Date.parse(expirationTimestamp) : Number.NaN;
    if (Number.isNaN(expiresAt))
      throw fail(`printed status.expirationTimestamp ${JSON.stringify(expirationTimestamp)}, which is not an RFC 3339 time`);
  }
  return {
    token: text(token),
    clientCertificateData: text(clientCertificateData),
    clientKeyData: text(clientKeyData),
    expiresAt,
  };
}

export interface ExecPluginOptions {
  /** The environment the plugin inherits; default process.env. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Ends a plugin that runs this long; default 2 minutes. */
  timeoutMs?: number | undefined;
}

/** One user's exec plugin and its cached credential. */
export class ExecCredentialPlugin {
  readonly #config: ExecConfig;
  readonly #place: KubeconfigPlace;
  readonly #cluster: ExecClusterInfo;
  readonly #env: NodeJS.ProcessEnv;
  readonly #timeoutMs: number;
  #cached: ExecCredential | undefined;
  #running: Promise<ExecCredential> | undefined;

  /** `place.key` is the path of the `exec` mapping, e.g. `users[me].user.exec`. Throws KubeconfigError on a bad config. */
  constructor(exec: KubeFields, cluster: ExecClusterInfo, place: KubeconfigPlace, options: ExecPluginOptions = {}) {
    this.#config = execConfig(exec, place);
    this.#place = place;
    this.#cluster = cluster;
    this.#env = options.env ?? process.env;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** The credential: the cached one while it lasts, else the plugin's anew (one run for concurrent callers). */
  credential(): Promise<ExecCredential> {
    const cached = this.#cached;
    if (cached && (cached.expiresAt === undefined || Date.now() < cached.expiresAt - EXPIRY_MARGIN_MS))
      return Promise.resolve(cached);
    this.#running ??= this.#run().then(
      (credential) => {
        this.#cached = credential;
        this.#running = undefined;
        return credential;
      },
      (error: unknown) => {
        this.#running = undefined;
        throw error;
      },
    );
    return this.#running;
  }

  /** Forget the credential (the server answered 401): the next call runs the plugin again. */
  invalidate(): void {
    this.#cached = undefined;
  }

  #execInfo(): string {
    const spec: KubeFields = { interactive: false };
    if (this.#config.provideClusterInfo) spec.cluster = this.#cluster;
    return JSON.stringify({ apiVersion: this.#config.apiVersion, kind: 'ExecCredential', spec });
  }

  #run(): Promise<ExecCredential> {
    const { command, args, installHint } = this.#config;
    const hint = installHint ? `\n${installHint}` : '';
    const fail = (message: string, cause?: unknown) =>
      new KubeExecCredentialError(
        `the exec credential plugin ${command} of ${this.#place.key} (${this.#place.origin}) ${message}${hint}`,
        this.#place,
        cause === undefined ? undefined : { cause },
      );
    const env: NodeJS.ProcessEnv = { ...this.#env, KUBERNETES_EXEC_INFO: this.#execInfo() };
    for (const { name, value } of this.#config.env) env[name] = value;
    return new Promise<ExecCredential>((resolve, reject) => {
      const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: this.#timeoutMs });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      const keep = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_OUTPUT) into.push(chunk);
      };
      child.stdout.on('data', keep(stdout));
      child.stderr.on('data', keep(stderr));
      let failed = false;
      child.on('error', (error: NodeJS.ErrnoException) => {
        failed = true;
        reject(fail(error.code === 'ENOENT' ? 'is not installed (not found)' : `cannot run: ${error.message}`, error));
      });
      child.on('close', (code, signal) => {
        if (failed) return; // 'error' said why
        const errors = Buffer.concat(stderr).toString('utf8').trim().slice(-1000);
        if (code !== 0) {
          const how = signal ? `was ended by ${signal}` : `exited with status ${code}`;
          return reject(fail(`${how}${errors ? `: ${errors}` : ''}`));
        }
        try {
          resolve(parseOutput(Buffer.concat(stdout).toString('utf8'), this.#config, fail));
        } catch (error) {
          reject(error);
        }
      });
    });
  }
}
