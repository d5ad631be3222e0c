/**
 * `@chatkube/api`: the message model, events, plugin contracts and config
 * merging shared by chatkube plugins and the agent. No runtime dependencies.
 *
 * @packageDocumentation
 */
export * from './builders.js';
export { decodeEvent, decodeMessage, encodeEvent, encodeMessage } from './codec.js';
export { mergeConfigs } from './config.js';
export { ChatkubeError, MessageJsonError, PluginConfigError } from './errors.js';
export type { Event } from './event.js';
export { GO_DURATION_EXPECTED, parseGoDuration } from './go-duration.js';
export { goQuote, goTrimSpace } from './go-quote.js';
export * from './message.js';
export type * from './plugin.js';
