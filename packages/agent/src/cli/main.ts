/** The `chatkube` command line. */
import { parseArgs } from 'node:util';
import { ChatkubeError } from '@chatkube/api';
import { UsageError } from '../errors.js';
import { createLogger } from '../logging.js';
import { run as runAgent, validate } from './agent-commands.js';
import * as plugin from './plugin-commands.js';
import { pluginsCommand } from './plugins-commands.js';
import { renderCommand } from './template-command.js';
import { USAGE } from './usage.js';

const PLUGIN_COMMANDS = {
  metadata: plugin.metadata,
  help: plugin.help,
  exec: plugin.exec,
  stream: plugin.stream,
  bench: plugin.bench,
};

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} takes a whole number of at least 1, got ${JSON.stringify(value)}`);
  return n;
}

function port16(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port takes a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}

/** Runs the command line `argv` and resolves with the exit code. */
export async function main(argv: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let running: string | undefined;
  try {
    // `plugins …` has options of its own.
    if (argv[0] === 'plugins') return await pluginsCommand(argv.slice(1), { out, err, signal: interrupt.signal });
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        count: { type: 'string' },
        n: { type: 'string', short: 'n' },
        concurrency: { type: 'string' },
        verbose: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        'log-format': { type: 'string' },
        'log-level': { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [group, verb, bin, ...words] = positionals;
    running = group;
    if (values.help || group === undefined) {
      out.write(USAGE);
      return 0;
    }
    const configs = values.config ?? [];
    if (group === 'run') {
      const format = values['log-format'];
      if (format !== undefined && format !== 'json' && format !== 'text')
        throw new UsageError(`--log-format takes json or text, got ${JSON.stringify(format)}`);
      const port = values.port === undefined ? undefined : port16(values.port);
      return await runAgent({
        configs,
        ...(values.host ? { host: values.host } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(format ? { logFormat: format } : {}),
        ...(values['log-level'] ? { logLevel: values['log-level'] } : {}),
        out,
        err,
        signal: interrupt.signal,
      });
    }
    if (group === 'validate') return await validate({ configs, out, err });
    if (group === 'template') {
      if (verb !== 'render') throw new UsageError(`unknown template command ${JSON.stringify(verb ?? '')}; see chatkube --help`);
      await renderCommand({ ...(values.data ? { data: values.data } : {}), template: bin, out });
      return 0;
    }
    if (group !== 'plugin') throw new UsageError(`unknown command ${JSON.stringify(group)}; see chatkube --help`);
    const run = PLUGIN_COMMANDS[verb as keyof typeof PLUGIN_COMMANDS];
    if (!run) throw new UsageError(`unknown plugin command ${JSON.stringify(verb ?? '')}; see chatkube --help`);
    if (!bin) throw new UsageError(`chatkube plugin ${verb} needs the plugin executable`);
    const count = positiveInteger(values.count, '--count');
    const calls = positiveInteger(values.n, '-n');
    const concurrency = positiveInteger(values.concurrency, '--concurrency');
    await run({
      bin,
      words,
      configs: values.config ?? [],
      json: values.json ?? false,
      ...(count ? { count } : {}),
      ...(calls ? { calls } : {}),
      ...(concurrency ? { concurrency } : {}),
      logger: createLogger(values.verbose ? 'info' : 'warn'),
      out,
      signal: interrupt.signal,
    });
    return 0;
  } catch (error) {
    if (interrupt.signal.aborted && running !== 'run') {
      err.write('chatkube: interrupted; the plugin was stopped\n');
      return 130;
    }
    err.write(`chatkube: ${oneLine(error)}\n`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

/** An error as one line: its lines joined, with its code. */
function oneLine(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).trim().split('\n').join(' | ');
  const clipped = message.length > 2000 ? `${message.slice(0, 2000)}…` : message;
  return error instanceof ChatkubeError && !(error instanceof UsageError) ? `${clipped} [${error.code}]` : clipped;
}
