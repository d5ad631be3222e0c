import { serveSource } from '@chatkube/plugin';
import { kubernetes } from './plugin.js';

serveSource(kubernetes);
