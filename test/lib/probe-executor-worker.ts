/** The probe executor as a worker module. */
import { serveWorker } from '@chatkube/plugin/worker';
import { probeExecutor } from './probe-plugin.js';

serveWorker(probeExecutor);
