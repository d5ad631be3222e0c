/**
 * A lean Kubernetes API client: @kubernetes/client-node's KubeConfig for
 * authentication and TLS (tokens, client certificates, exec plugins,
 * in-cluster service accounts), requests over node:https/http. client-node's
 * generated API and informers are not used: they keep whole objects, typed,
 * and cost tens of MiB at 5,000 pods (see the benchmark).
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, KubeConfigLoadError } from './errors.js';

/** Where the kubeconfig comes from, in order: the stream's bytes, KUBECONFIG, the pod's service account. */
export interface KubeConfigSource {
  kubeConfig?: Uint8Array | undefined;
}

export interface KubeClient {
  /** Same identity, same cluster and credentials: watches are shared per identity. */
  readonly identity: string;
  /** The server's base URL. */
  readonly server: string;
  /**
   * GETs `path` (with query) and resolves on the response headers; non-2xx
   * statuses reject with KubeApiError. `idleTimeoutMs` ends a connection
   * silent that long (a watch whose peer vanished without a word).
   */
  get(path: string, signal?: AbortSignal, idleTimeoutMs?: number): Promise<IncomingMessage>;
  /** GETs JSON; undefined on 404. */
  getJson(path: string, signal?: AbortSignal): Promise<unknown>;
}

const MAX_ERROR_BODY = 4096;

async function readBody(response: IncomingMessage, limit = Number.POSITIVE_INFINITY): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The API's own message of a Status body, or the body itself. */
function statusMessage(body: string): string {
  try {
    const status = JSON.parse(body) as { message?: unknown };
    if (typeof status.message === 'string') return status.message;
  } catch {
    // Not a Status: the text itself says more.
  }
  return body.slice(0, 300);
}

function loadKubeConfig(source: KubeConfigSource): { config: KubeConfig; identity: string } {
  const config = new KubeConfig();
  let origin: string;
  try {
    if (source.kubeConfig && source.kubeConfig.length > 0) {
      const text = Buffer.from(source.kubeConfig).toString('utf8');
      config.loadFromString(text);
      origin = `bytes:${createHash('sha256').update(text).digest('hex')}`;
    } else if (process.env.KUBECONFIG) {
      config.loadFromDefault();
      origin = `env:${process.env.KUBECONFIG}`;
    } else if (process.env.KUBERNETES_SERVICE_HOST) {
      config.loadFromCluster();
      origin = 'in-cluster';
    } else {
      throw new Error('the stream has no kubeconfig, KUBECONFIG is not set, and this is not a pod (no KUBERNETES_SERVICE_HOST)');
    }
  } catch (error) {
    throw new KubeConfigLoadError(`cannot load a kubeconfig: ${(error as Error).message}`, { cause: error });
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new KubeConfigLoadError('cannot load a kubeconfig: its current context names no cluster');
  return { config, identity: `${origin}#${config.getCurrentContext()}` };
}

/** A client for the kubeconfig `source` names. Throws KubeConfigLoadError. */
export async function createKubeClient(source: KubeConfigSource): Promise<KubeClient> {
  const { config, identity } = loadKubeConfig(source);
  const server = (config.getCurrentCluster()?.server ?? '').replace(/\/+$/, '');
  const secure = server.startsWith('https:');
  let agent: https.Agent | http.Agent | undefined;

  const get = async (path: string, signal?: AbortSignal, idleTimeoutMs = 60_000): Promise<IncomingMessage> => {
    const options: https.RequestOptions = {};
    // Per request: exec and OIDC credentials expire; the agent (TLS material, keep-alive) is made once.
    await config.applyToHTTPSOptions(options);
    if (!agent) agent = secure ? (options.agent as https.Agent | undefined) : new http.Agent({ keepAlive: true });
    const headers = { ...(options.headers as Record<string, string> | undefined), Accept: 'application/json' };
    const url = new URL(server + path);
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        { method: 'GET', headers, agent, ...(options.auth ? { auth: options.auth } : {}), ...(signal ? { signal } : {}) },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(response);
          const retryAfter = Number(response.headers['retry-after']);
          readBody(response, MAX_ERROR_BODY).then(
            (body) =>
              reject(
                new KubeApiError(status, `GET ${url.pathname}: ${status} ${statusMessage(body)}`, {
                  retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
                }),
              ),
            reject,
          );
        },
      );
      request.setTimeout(idleTimeoutMs, () => request.destroy(new Error(`no data for ${idleTimeoutMs / 1000} s`)));
      request.on('error', reject);
      request.end();
    });
  };

  return {
    identity,
    server,
    get,
    async getJson(path, signal) {
      try {
        return JSON.parse(await readBody(await get(path, signal))) as unknown;
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 404) return undefined;
        throw error;
      }
    },
  };
}

export { readBody };
