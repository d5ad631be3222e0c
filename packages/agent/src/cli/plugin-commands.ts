/**
 * `chatkube plugin …`: try a plugin without any chat. Each command starts
 * the plugin, does one thing, prints it, and stops the plugin.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type ExecuteOutput, encodeEvent, encodeMessage } from '@chatkube/api';
import { PluginUnimplementedError, UsageError } from '../errors.js';
import type { Logger } from '../logging.js';
import { GrpcExecutorClient, GrpcSourceClient, PluginConnection } from '../plugins/host/index.js';
import { benchExecute } from './bench.js';
import { renderText } from './render-text.js';

export interface Output {
  write(text: string): void;
}

export interface PluginCommandOptions {
  bin: string;
  words: string[];
  configs: string[];
  json: boolean;
  count?: number;
  calls?: number;
  concurrency?: number;
  logger: Logger;
  out: Output;
  /** Aborts on Ctrl-C: the plugin is stopped before the CLI exits. */
  signal: AbortSignal;
}

async function withPlugin<T>(options: PluginCommandOptions, use: (connection: PluginConnection) => Promise<T>): Promise<T> {
  const path = resolve(options.bin);
  const connection = await PluginConnection.connect({ name: basename(path), path, logger: options.logger });
  const stop = (): void => void connection.close();
  options.signal.addEventListener('abort', stop, { once: true });
  try {
    return await use(connection);
  } finally {
    options.signal.removeEventListener('abort', stop);
    await connection.close();
  }
}

async function readConfigs(files: readonly string[]): Promise<string[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        throw new UsageError(
          `cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    }),
  );
}

function commandOf(words: readonly string[]): string {
  if (words.length === 0) throw new UsageError('give the command after --, for example: -- echo hi');
  return words.join(' ');
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export async function metadata(options: PluginCommandOptions): Promise<void> {
  await withPlugin(options, async (connection) => {
    try {
      options.out.write(json({ kind: 'executor', ...(await new GrpcExecutorClient(connection).metadata()) }));
    } catch (error) {
      if (!(error instanceof PluginUnimplementedError)) throw error;
      options.out.write(json({ kind: 'source', ...(await new GrpcSourceClient(connection).metadata()) }));
    }
  });
}

export async function help(options: PluginCommandOptions): Promise<void> {
  await withPlugin(options, async (connection) => {
    const message = await new GrpcExecutorClient(connection).help();
    options.out.write(options.json ? `${encodeMessage(message)}\n` : `${renderText(message)}\n`);
  });
}

/** Prints each update: in JSON, a line each; as text, only what an update adds to the last one. */
export async function exec(options: PluginCommandOptions): Promise<void> {
  const command = commandOf(options.words);
  const configs = await readConfigs(options.configs);
  await withPlugin(options, async (connection) => {
    let shown = '';
    for await (const update of new GrpcExecutorClient(connection).execute({ command, configs }, options.signal)) {
      if (options.json) {
        options.out.write(`${encodeMessage(update.message)}\n`);
        continue;
      }
      const text = textOf(update);
      options.out.write(text.startsWith(shown) ? text.slice(shown.length) : `\n${text}`);
      shown = text;
    }
    if (!options.json) options.out.write('\n');
  });
}

function textOf(output: ExecuteOutput): string {
  return [output.message, ...(output.messages ?? [])].map(renderText).filter(Boolean).join('\n\n');
}

export async function stream(options: PluginCommandOptions): Promise<void> {
  const [config] = await readConfigs(options.configs.slice(-1));
  await withPlugin(options, async (connection) => {
    let seen = 0;
    const events = new GrpcSourceClient(connection).stream({ ...(config ? { config } : {}), sourceName: 'cli' }, options.signal);
    for await (const event of events) {
      options.out.write(options.json ? `${encodeEvent(event)}\n` : `${renderText(event.message)}\n\n`);
      if (++seen === options.count) break;
    }
  });
}

export async function bench(options: PluginCommandOptions): Promise<void> {
  const command = commandOf(options.words);
  await withPlugin(options, async (connection) => {
    const result = await benchExecute(
      new GrpcExecutorClient(connection),
      { command },
      options.calls ?? 1000,
      options.concurrency ?? 1,
    );
    options.out.write(`${JSON.stringify(result)}\n`);
  });
}
