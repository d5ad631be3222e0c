import { serveExecutor } from '@chatkube/plugin';
import { helm } from './plugin.js';

serveExecutor(helm);
