import { serveSource } from '@chatkube/plugin';
import { webhook } from './plugin.js';

serveSource(webhook);
