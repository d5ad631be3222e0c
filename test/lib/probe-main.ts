/** The probe plugin as a process: `probe-main.js executor|source`. */
import { serveExecutor, serveSource } from '@chatkube/plugin';
import { probeExecutor, probeSource } from './probe-plugin.js';

if (process.argv[2] === 'source') void serveSource(probeSource);
else void serveExecutor(probeExecutor);
