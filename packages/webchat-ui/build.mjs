// Builds the web chat UI into dist/: one minified app.js (Preact included),
// app.css and index.html, the three files the agent serves. Type checking and
// the unit tests are compiled by `tsc -b` (see tsconfig.json).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const dist = join(here, 'dist');
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [
    { in: join(here, 'src/main.tsx'), out: 'app' },
    { in: join(here, 'src/app.css'), out: 'app' },
  ],
  outdir: dist,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome111', 'firefox113', 'safari16.4'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
  tsconfig: join(here, 'tsconfig.json'),
});
copyFileSync(join(here, 'src/index.html'), join(dist, 'index.html'));

let total = 0;
const sizes = ['index.html', 'app.js', 'app.css'].map((name) => {
  const bytes = readFileSync(join(dist, name));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  return `${name} ${(bytes.length / 1024).toFixed(1)} kB (${(gzipped / 1024).toFixed(1)} kB gzipped)`;
});
process.stdout.write(`webchat-ui: ${sizes.join(', ')}; ${(total / 1024).toFixed(1)} kB gzipped in all\n`);
