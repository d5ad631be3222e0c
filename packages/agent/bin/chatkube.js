#!/usr/bin/env node
// Runs the one-file bundle `npm run build` writes, unless the compiled
// modules are newer (a `tsc -b` since the last full build).
import { statSync } from 'node:fs';

const modules = new URL('../dist/src/cli/main.js', import.meta.url);
const bundle = new URL('../dist/chatkube.mjs', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = await import(mtime(bundle) >= mtime(modules) ? bundle.href : modules.href);

process.exitCode = await main(process.argv.slice(2));
