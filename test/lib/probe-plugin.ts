/**
 * A plugin that tells the tests what it sees from the inside, the same in
 * either runtime: its environment, whether a cancelled call's signal
 * aborted, how many events its endless stream has produced, and its own
 * output. `probe-main.js` serves it as a process, `probe-*-worker.js` in a
 * worker thread.
 */
import { codeBlock, type Event, type ExecutorPlugin, type SourcePlugin } from '@chatkube/api';

/** Bytes of padding in each streamed event. */
export const EVENT_PADDING = 1024;

let aborted = 0;
let produced = 0;
let streamsEnded = 0;

const answer = (value: unknown) => ({ message: codeBlock(JSON.stringify(value)) });

/** Resolves when `signal` aborts. */
const untilAborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

export const probeExecutor: ExecutorPlugin = {
  metadata: { version: '0.0.1', description: 'Tells the tests what it sees.' },
  async execute({ command }, signal) {
    const [, what] = command.split(/\s+/);
    switch (what) {
      case 'env':
        return answer(Object.keys(process.env).sort());
      case 'env-values': {
        // Cluster variables only: the tests check which reach a plugin, and never print the rest.
        const names = ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'PATH'];
        return answer(Object.fromEntries(names.filter((name) => process.env[name]).map((name) => [name, process.env[name]])));
      }
      case 'hang':
        // Answers only when the call is cancelled, and counts that it was.
        await untilAborted(signal);
        aborted++;
        throw new Error('cancelled');
      case 'aborts':
        return answer(aborted);
      case 'block':
        // Never gives its event loop back: a plugin stuck in a loop answers nothing, its health check included.
        for (;;) {}
      case 'log':
        process.stdout.write('probe to stdout\n');
        process.stderr.write('[WARN] probe to stderr\n');
        return answer('logged');
      default:
        throw new Error(`probe: unknown command ${JSON.stringify(command)}`);
    }
  },
};

export const probeSource: SourcePlugin = {
  metadata: { version: '0.0.1', description: 'Streams events forever, as fast as it may.' },
  async *stream(_input, signal) {
    try {
      const padding = 'x'.repeat(EVENT_PADDING);
      while (!signal.aborted) {
        produced++;
        const event: Event = { message: { baseBody: { plaintext: `event ${produced}` } }, rawObject: { n: produced, padding } };
        yield event;
        // Other calls get their turn between events, as a real source's would.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      streamsEnded++;
    }
  },
  handleExternalRequest: () => ({ message: {}, rawObject: { produced, streamsEnded } }),
};
