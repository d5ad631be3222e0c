import { serveExecutor } from '@chatkube/plugin';
import { echo } from './plugin.js';

serveExecutor(echo).catch((error: unknown) => {
  process.stderr.write(`echo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
