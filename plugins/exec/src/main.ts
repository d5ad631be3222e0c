import { serveExecutor } from '@chatkube/plugin';
import { exec } from './plugin.js';

serveExecutor(exec);
