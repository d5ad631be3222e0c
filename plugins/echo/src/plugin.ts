/**
 * The echo executor: answers the command it is given. Compatible with
 * Botkube's test plugin of the same name (`@fail`, `@panic`,
 * `changeResponseToUpperCase`), plus streamed output:
 * `echo --stream 5 [--interval-ms 100] hi` sends five updates.
 */
import {
  codeBlock,
  commandButton,
  type ExecuteInput,
  type ExecuteOutput,
  type ExecutorPlugin,
  mergeConfigs,
} from '@chatkube/api';

export interface EchoConfig {
  changeResponseToUpperCase: boolean;
}

export const version = '0.1.0';

const defaults: EchoConfig = { changeResponseToUpperCase: false };

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'echo',
  description: 'Configuration of the echo executor.',
  type: 'object',
  properties: {
    changeResponseToUpperCase: {
      type: 'boolean',
      default: false,
      description: 'Answer in upper case.',
    },
  },
  additionalProperties: false,
};

interface StreamRequest {
  updates: number;
  intervalMs: number;
  /** The command without the streaming flags. */
  command: string;
}

const STREAM_FLAG = /\s--stream(?:=|\s+)(\S+)/;
const INTERVAL_FLAG = /\s--interval-ms(?:=|\s+)(\S+)/;
const MAX_UPDATES = 1000;

/** `--stream N [--interval-ms M]`, or undefined when the command does not ask to stream. */
function parseStream(command: string): StreamRequest | undefined {
  const stream = STREAM_FLAG.exec(command);
  if (!stream) return undefined;
  const interval = INTERVAL_FLAG.exec(command);
  const updates = Number(stream[1]);
  const intervalMs = interval ? Number(interval[1]) : 100;
  if (!Number.isInteger(updates) || updates < 1 || updates > MAX_UPDATES) {
    throw new Error(`--stream takes a whole number of updates from 1 to ${MAX_UPDATES}, got ${JSON.stringify(stream[1])}`);
  }
  if (!Number.isInteger(intervalMs) || intervalMs < 0 || intervalMs > 60_000) {
    throw new Error(`--interval-ms takes a whole number of milliseconds from 0 to 60000, got ${JSON.stringify(interval?.[1])}`);
  }
  return { updates, intervalMs, command: command.replace(STREAM_FLAG, '').replace(INTERVAL_FLAG, '') };
}

/** Waits `ms`, or rejects as soon as the call is cancelled. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const cancel = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', cancel);
      resolve();
    }, ms);
    signal.addEventListener('abort', cancel, { once: true });
  });
}

async function* streamed(
  request: StreamRequest,
  transform: (text: string) => string,
  signal: AbortSignal,
): AsyncIterable<ExecuteOutput> {
  const lines: string[] = [];
  for (let i = 1; i <= request.updates; i++) {
    if (i > 1) await sleep(request.intervalMs, signal);
    lines.push(transform(`${i}/${request.updates} ${request.command}`));
    yield { message: codeBlock(lines.join('\n'), { filter: true }) };
  }
}

export const echo: ExecutorPlugin = {
  metadata: {
    version,
    description: 'Echoes the command it is given; streams with --stream N.',
    jsonSchema: { value: schema },
  },

  help() {
    return {
      sections: [
        {
          header: 'Echo',
          description: 'Answers with the command you send it.',
          buttons: [
            commandButton('Say hello', 'echo hello', { description: true }),
            commandButton('Stream five lines', 'echo --stream 5 hello', { description: true }),
          ],
        },
      ],
    };
  },

  execute(input: ExecuteInput, signal: AbortSignal) {
    const config = mergeConfigs(defaults, input.configs);
    const transform = (text: string): string => (config.changeResponseToUpperCase ? text.toUpperCase() : text);
    if (input.command.includes('@fail')) throw new Error('The @fail label was specified. Failing execution.');
    if (input.command.includes('@panic')) {
      // Dies as a Go plugin does on panic: the process ends in the middle of the call.
      setImmediate(() => {
        throw new Error('The @panic label was specified. Panicking.');
      });
      return new Promise<never>(() => {});
    }
    const stream = parseStream(input.command);
    if (stream) return streamed(stream, transform, signal);
    return { message: codeBlock(transform(input.command), { filter: true }) };
  },
};
