/**
 * Serves the web chat's built files (packages/webchat-ui/dist), read once at
 * start. Without a build, `/` says how to make one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { webchatDist, webchatFiles } from '@chatkube/webchat-ui';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** Plugin output is shown in this page: no inline script, nothing loaded from elsewhere. */
const CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>chatkube</title>
<p>The web chat UI is not built. Run <code>npm run build</code> in the repository, then reload.</p>`;

export function registerStaticUi(app: FastifyInstance, dir = webchatDist): void {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of webchatFiles) {
    const path = join(dir, name);
    const type = TYPES[extname(name)];
    if (type && existsSync(path)) files.set(`/${name}`, { body: readFileSync(path), type });
  }
  const index = files.get('/index.html');
  const serve = (path: string) => async (_request: unknown, reply: FastifyReply) => {
    const file = path === '/' ? index : files.get(path);
    reply
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    if (!file)
      return reply
        .code(path === '/' ? 200 : 404)
        .type('text/html; charset=utf-8')
        .send(path === '/' ? NOT_BUILT : 'not found');
    return reply
      .type(file.type)
      .header('cache-control', path === '/' ? 'no-cache' : 'public, max-age=300')
      .send(file.body);
  };
  app.get('/', serve('/'));
  for (const path of files.keys()) if (path !== '/index.html') app.get(path, serve(path));
}
