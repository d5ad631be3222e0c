/**
 * Serves a folder of plugin files as a plugin repository, as Botkube's
 * local dev server does: `GET /botkube.yaml` is the index, built on the fly
 * (again only when the folder changed), and `GET /static/<file>` the files.
 * The index carries checksums (Botkube's dev server leaves them out).
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../../logging.js';
import { silentLogger } from '../../logging.js';
import { buildIndex } from './index-builder.js';

export interface IndexServerOptions {
  dir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 3010, Botkube's; 0 picks a free port. */
  port?: number;
  logger?: Logger;
}

export const INDEX_PATH = '/botkube.yaml';

export class PluginIndexServer {
  #built: { signature: string; yaml: Promise<string> } | undefined;

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    /** Where it listens: `http://127.0.0.1:3010`. */
    readonly url: string,
    private readonly logger: Logger,
  ) {}

  /** The index's URL, for `plugins.repositories.<name>.url`. */
  get indexUrl(): string {
    return `${this.url}${INDEX_PATH}`;
  }

  static async start(options: IndexServerOptions): Promise<PluginIndexServer> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3010, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const instance = new PluginIndexServer(server, options.dir, url, options.logger ?? silentLogger);
    server.on('request', (request, response) => void instance.#serve(request, response));
    return instance;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let path = request.url ?? '/';
    try {
      path = decodeURIComponent(new URL(path, 'http://x').pathname);
      this.logger.debug({ method: request.method, path }, 'plugin index server request');
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'only GET and HEAD\n');
      if (path === INDEX_PATH) {
        const yaml = await this.#index();
        response.writeHead(200, { 'content-type': 'application/yaml', 'content-length': Buffer.byteLength(yaml) });
        response.end(request.method === 'HEAD' ? undefined : yaml);
        return;
      }
      const file = path.startsWith('/static/') ? path.slice('/static/'.length) : undefined;
      // Only the folder's own files, by plain name.
      if (!file || file.startsWith('.') || /[/\\\0]/.test(file)) return send(response, 404, `not found: ${path}\n`);
      const stats = await stat(join(this.dir, file)).catch(() => undefined);
      if (!stats?.isFile()) return send(response, 404, `not found: ${path}\n`);
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': stats.size });
      if (request.method === 'HEAD') return void response.end();
      createReadStream(join(this.dir, file))
        .on('error', () => response.destroy())
        .pipe(response);
    } catch (error) {
      this.logger.error({ err: (error as Error).message, path }, 'plugin index server failed');
      send(response, 500, `${(error as Error).message}\n`);
    }
  }

  /** The index, built again only when a file of the folder was added, removed or changed. */
  async #index(): Promise<string> {
    const names = (await readdir(this.dir)).sort();
    const stats = await Promise.all(names.map((name) => stat(join(this.dir, name)).catch(() => undefined)));
    const signature = names.map((name, i) => `${name}:${stats[i]?.size}:${stats[i]?.mtimeMs}`).join('\n');
    if (this.#built?.signature !== signature) {
      const yaml = buildIndex({ binariesDir: this.dir, urlBase: `${this.url}/static`, logger: this.logger }).then(
        (built) => built.yaml,
      );
      this.#built = { signature, yaml };
      // A failed build is not kept.
      yaml.catch(() => {
        if (this.#built?.yaml === yaml) this.#built = undefined;
      });
    }
    return this.#built.yaml;
  }
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
