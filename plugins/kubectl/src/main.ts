import { serveExecutor } from '@chatkube/plugin';
import { kubectl } from './plugin.js';

serveExecutor(kubectl);
