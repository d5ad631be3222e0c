/**
 * A lean Kubernetes API client: @chatkube/kube for the kubeconfig,
 * authentication and TLS (tokens and token files, client certificates, exec
 * plugins, in-cluster service accounts, impersonation), requests over
 * node:https/http. A generated API and informers are not used: they keep
 * whole objects, typed, and cost tens of MiB at 5,000 pods (see the benchmark).
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import {
  createKubeCredentials,
  type KubeCredentials,
  type LoadedKubeconfig,
  loadKubeconfig,
  loadKubeconfigFromText,
} from '@chatkube/kube';
import { KubeApiError, KubeConfigLoadError } from './errors.js';

/** Where the kubeconfig comes from, in order: the stream's bytes, KUBECONFIG, ~/.kube/config, the pod's service account. */
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

async function loadCredentials(source: KubeConfigSource): Promise<KubeCredentials> {
  try {
    let config: LoadedKubeconfig;
    if (source.kubeConfig && source.kubeConfig.length > 0) {
      config = loadKubeconfigFromText(source.kubeConfig, { origin: "the stream's kubeconfig" });
    } else {
      config = await loadKubeconfig();
    }
    return await createKubeCredentials(config);
  } catch (error) {
    const message = (error as Error).message.replace(/^no kubeconfig: /, 'the stream has no kubeconfig, ');
    throw new KubeConfigLoadError(`cannot load a kubeconfig: ${message}`, { cause: error });
  }
}

/** A client for the kubeconfig `source` names. Throws KubeConfigLoadError. */
export async function createKubeClient(source: KubeConfigSource): Promise<KubeClient> {
  const credentials = await loadCredentials(source);
  const { server } = credentials;
  const secure = server.startsWith('https:');
  // One keep-alive pool: node keys its sockets by the TLS options too, so credentials that change get new connections.
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });

  const request = async (path: string, signal: AbortSignal | undefined, idleTimeoutMs: number): Promise<IncomingMessage> => {
    // Per request: token files rotate, exec credentials expire.
    const { headers, ...tls } = await credentials.requestOptions();
    const url = new URL(server + path);
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        {
          method: 'GET',
          headers: { ...headers, Accept: 'application/json' },
          agent,
          ...(secure ? tls : {}),
          ...(signal ? { signal } : {}),
        },
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

  const get = async (path: string, signal?: AbortSignal, idleTimeoutMs = 60_000): Promise<IncomingMessage> => {
    try {
      return await request(path, signal, idleTimeoutMs);
    } catch (error) {
      // A refused credential: a rotated token file or an expired exec credential gets one more try, fetched anew.
      if (!(error instanceof KubeApiError && error.status === 401)) throw error;
      credentials.invalidate();
      return request(path, signal, idleTimeoutMs);
    }
  };

  return {
    identity: credentials.identity,
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
