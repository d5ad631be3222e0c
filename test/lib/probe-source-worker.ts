/** The probe source as a worker module. */
import { serveWorker } from '@chatkube/plugin/worker';
import { probeSource } from './probe-plugin.js';

serveWorker(probeSource);
