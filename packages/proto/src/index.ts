/**
 * `@chatkube/proto`: the generated wire code of the plugin protocol, from
 * the files in `proto/` (regenerate with `npm run gen`; CI fails when stale).
 *
 * @packageDocumentation
 */
export * as executor from './gen/executor.js';
export { Empty } from './gen/google/protobuf/empty.js';
export * as broker from './gen/goplugin/grpc_broker.js';
export * as controller from './gen/goplugin/grpc_controller.js';
export * as stdio from './gen/goplugin/grpc_stdio.js';
export * as health from './gen/goplugin/health.js';
export * as source from './gen/source.js';
export * as stream from './gen/stream.js';
export * as h2 from './h2/index.js';
export * as worker from './worker/index.js';
