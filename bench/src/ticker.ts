/** A source that streams events as fast as its host reads them: the TypeScript side of the events/s benchmark. */
import { serveSource } from '@chatkube/plugin';

await serveSource({
  metadata: { version: '0.1.0', description: 'Streams numbered events as fast as they are read.' },
  async *stream(_input, signal) {
    for (let n = 0; !signal.aborted; n++) {
      yield { message: { baseBody: { plaintext: `event ${n}` } }, rawObject: { n } };
    }
  },
});
