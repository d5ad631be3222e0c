import { serveExecutor } from '@chatkube/plugin';
import { echo } from './plugin.js';

serveExecutor(echo);
