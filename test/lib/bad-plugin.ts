/**
 * A plugin that misbehaves on purpose, one way per mode (argv[2]), for the
 * host's error handling tests. It speaks the real protocol through
 * @chatkube/plugin's servePlugin with raw service handlers.
 */
import { defineService, servePlugin } from '@chatkube/plugin';
import { executor, h2, source, stdio, stream } from '@chatkube/proto';

const mode = process.argv[2];
const json = (value: string): Buffer => Buffer.from(value, 'utf8');
const OK_MESSAGE = '{"baseBody":{"plaintext":"ok"},"timestamp":"0001-01-01T00:00:00Z"}';
const OK_EVENT = `{"Message":${OK_MESSAGE},"RawObject":null,"AnalyticsLabels":null}`;
/** Dies without running exit handlers, as a crashed Go plugin does: its socket file stays behind. */
const crash = (): void => {
  process.stderr.write(`bad-plugin: crashing on purpose (${mode})\n`);
  process.kill(process.pid, 'SIGKILL');
};

/** An answer that never comes: the host's deadline or the process's death ends the call. */
const never = (): Promise<never> => new Promise(() => {});

const executorService = defineService(executor.ExecutorService, {
  execute() {
    if (mode === 'empty-stream') throw new Error('Execute must not run a command that ExecuteStream already ran');
    if (mode === 'silent') return never();
    if (mode === 'not-json') return { message: json('this is not json'), messages: [] };
    if (mode === 'huge') return { message: Buffer.alloc(50 * 1024 * 1024, 0x20), messages: [] };
    if (mode === 'large') return { message: json(`{"baseBody":{"codeBlock":"${'x'.repeat(10 * 1000 * 1000)}"}}`), messages: [] };
    if (mode === 'die-in-call') {
      setTimeout(crash, 50);
      return never();
    }
    if (mode === 'flood') process.stderr.write('flood line\n'.repeat(5000));
    if (mode === 'chatty') {
      // After the handshake, stdout belongs to GRPCStdio and stderr is read by the host.
      process.stdout.write('hello from stdout\n');
      process.stderr.write('[WARN] careful now\n');
      process.stderr.write('{"@level":"error","@message":"hclog line","@module":"x","code":7}\n');
    }
    return { message: json(OK_MESSAGE), messages: [] };
  },
  metadata: () => ({
    version: '0.0.1',
    description: 'bad',
    json_schema: undefined,
    dependencies: {},
    documentation_url: '',
    recommended: false,
  }),
  help: () => (mode === 'silent-help' ? never() : { help: json(OK_MESSAGE) }),
});

/** Like a Botkube plugin, no streaming, but in 'empty-stream' mode: a stream that ends without an update. */
const streamService = defineService(stream.ExecutorStreamService, {
  async executeStream() {
    if (mode !== 'empty-stream') throw new h2.GrpcStatusError(h2.Status.UNIMPLEMENTED, 'no streaming here');
  },
});

const sourceService = defineService(source.SourceService, {
  stream: (_request, call) =>
    new Promise((end) => {
      let sent = 0;
      const timer = setInterval(() => {
        void call.send({ event: json(mode === 'bad-event' ? '{"Message": nope' : OK_EVENT) });
        if (++sent === 2 && mode === 'die-in-stream') crash();
      }, 20);
      call.signal.addEventListener('abort', () => {
        clearInterval(timer);
        end();
      });
    }),
  handleExternalRequest: () => ({ event: json(OK_EVENT) }),
  metadata: () => ({
    version: '0.0.1',
    description: 'bad',
    json_schema: undefined,
    dependencies: {},
    external_request: undefined,
    documentation_url: '',
    recommended: false,
  }),
});

/**
 * In 'flaky-stdio' mode, go-plugin's stdio stream (this route replaces the
 * SDK's) fails once as if the connection blipped, then works.
 */
let stdioCalls = 0;
const flakyStdio = defineService(stdio.GRPCStdioService, {
  async streamStdio(_request, call) {
    if (++stdioCalls === 1) throw new h2.GrpcStatusError(h2.Status.UNAVAILABLE, 'blip');
    await call.send({ channel: stdio.StdioData_Channel.STDOUT, data: Buffer.from('hello again\n') });
    await new Promise((resolve) => call.signal.addEventListener('abort', resolve));
  },
});

await servePlugin(() => [executorService, streamService, sourceService, ...(mode === 'flaky-stdio' ? [flakyStdio] : [])]);
