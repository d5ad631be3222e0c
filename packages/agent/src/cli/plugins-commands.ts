/**
 * `chatkube plugins …`: the tools of a plugin repository, Botkube-compatible.
 * `index build` writes the index of a folder of plugin files; `serve` serves
 * such a folder as a repository (index built on the fly, and the files).
 */
import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { createLogger } from '../logging.js';
import { buildIndex } from '../plugins/repository/index-builder.js';
import { PluginIndexServer } from '../plugins/repository/index-server.js';
import { USAGE } from './usage.js';

export interface Output {
  write(text: string): void;
}

export interface PluginsCommandIo {
  out: Output;
  err: Output;
  /** Ends `serve`. */
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** Runs `chatkube plugins <args>` and resolves with the exit code. */
export async function pluginsCommand(args: readonly string[], io: PluginsCommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      'binaries-path': { type: 'string' },
      'url-base-path': { type: 'string' },
      output: { type: 'string' },
      dir: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const logger = createLogger(values.verbose ? 'debug' : 'warn');
  const command = positionals.join(' ');
  if (values.help || command === '') {
    io.out.write(USAGE);
    return 0;
  }
  if (command === 'index build') {
    const urlBase = values['url-base-path'] ?? env.PLUGIN_DOWNLOAD_URL_BASE_PATH;
    if (!urlBase)
      throw new UsageError('chatkube plugins index build needs --url-base-path URL: where the files will be downloaded from');
    const output = resolve(values.output ?? 'plugins-index.yaml');
    const built = await buildIndex({ binariesDir: resolve(values['binaries-path'] ?? 'plugin-dist'), urlBase, logger });
    const temporary = `${output}.writing-${process.pid}`;
    await writeFile(temporary, built.yaml);
    await rename(temporary, output);
    for (const file of built.ignored)
      io.err.write(
        `ignored ${file}: not a plugin file ({type}_{name}_{os}_{arch}[.tar.gz|.zip]), or another file of that platform comes first\n`,
      );
    const plugins = built.entries.map((e) => `${e.type} ${e.name} ${e.version} (${e.urls.length} platforms)`);
    io.out.write(`wrote ${output}: ${plugins.length} plugins${plugins.length > 0 ? `\n  ${plugins.join('\n  ')}` : ''}\n`);
    return 0;
  }
  if (command === 'serve') {
    const server = await PluginIndexServer.start({
      dir: resolve(values.dir ?? env.PLUGINS_DIR ?? 'plugin-dist'),
      host: values.host ?? env.PLUGIN_SERVER_HOST ?? '127.0.0.1',
      port: port(values.port ?? env.PLUGIN_SERVER_PORT ?? '3010'),
      logger,
    });
    io.out.write(`serving the plugin index at ${server.indexUrl}\n`);
    if (!io.signal.aborted) await new Promise((done) => io.signal.addEventListener('abort', done, { once: true }));
    await server.close();
    return 0;
  }
  throw new UsageError(`unknown plugins command ${JSON.stringify(command)}; expected "index build" or "serve"`);
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port takes a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}
