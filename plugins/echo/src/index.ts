export { type EchoConfig, echo, version } from './plugin.js';
