/**
 * A plugin that misbehaves on purpose, one way per mode (argv[2]), for the
 * host's error handling tests. It speaks the real protocol through
 * @chatkube/plugin's servePlugin with raw service implementations.
 */
import { type PluginService, servePlugin } from '@chatkube/plugin';
import { executor, source } from '@chatkube/proto';

const mode = process.argv[2];
const json = (value: string): Buffer => Buffer.from(value, 'utf8');
const OK_MESSAGE = '{"baseBody":{"plaintext":"ok"},"timestamp":"0001-01-01T00:00:00Z"}';
const OK_EVENT = `{"Message":${OK_MESSAGE},"RawObject":null,"AnalyticsLabels":null}`;
/** Dies without running exit handlers, as a crashed Go plugin does: its socket file stays behind. */
const crash = (): void => {
  process.stderr.write(`bad-plugin: crashing on purpose (${mode})\n`);
  process.kill(process.pid, 'SIGKILL');
};

const executorImpl: executor.ExecutorServer = {
  execute(_call, done) {
    if (mode === 'silent') return;
    if (mode === 'not-json') done(null, { message: json('this is not json'), messages: [] });
    else if (mode === 'huge') done(null, { message: Buffer.alloc(50 * 1024 * 1024, 0x20), messages: [] });
    else if (mode === 'die-in-call') setTimeout(crash, 50);
    else if (mode === 'chatty') {
      // After the handshake, stdout belongs to GRPCStdio and stderr is read by the host.
      process.stdout.write('hello from stdout\n');
      process.stderr.write('[WARN] careful now\n');
      process.stderr.write('{"@level":"error","@message":"hclog line","@module":"x","code":7}\n');
      done(null, { message: json(OK_MESSAGE), messages: [] });
    } else done(null, { message: json(OK_MESSAGE), messages: [] });
  },
  metadata(_call, done) {
    done(null, {
      version: '0.0.1',
      description: 'bad',
      json_schema: undefined,
      dependencies: {},
      documentation_url: '',
      recommended: false,
    });
  },
  help(_call, done) {
    done(null, { help: json(OK_MESSAGE) });
  },
};

const sourceImpl: source.SourceServer = {
  stream(call) {
    let sent = 0;
    const timer = setInterval(() => {
      if (mode === 'bad-event') call.write({ event: json('{"Message": nope') });
      else call.write({ event: json(OK_EVENT) });
      if (++sent === 2 && mode === 'die-in-stream') crash();
    }, 20);
    call.on('cancelled', () => clearInterval(timer));
  },
  handleExternalRequest(_call, done) {
    done(null, { event: json(OK_EVENT) });
  },
  metadata(_call, done) {
    done(null, {
      version: '0.0.1',
      description: 'bad',
      json_schema: undefined,
      dependencies: {},
      external_request: undefined,
      documentation_url: '',
      recommended: false,
    });
  },
};

const services: PluginService[] = [
  { definition: executor.ExecutorService, implementation: executorImpl },
  { definition: source.SourceService, implementation: sourceImpl },
];
await servePlugin(() => services);
