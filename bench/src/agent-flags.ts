/**
 * The Node flags docs/deployment.md recommends for the agent: a young
 * generation that stays small, and one V8 background thread rather than four.
 */
export const RECOMMENDED_NODE_FLAGS = ['--max-semi-space-size=1', '--v8-pool-size=1'];
export const RECOMMENDED = RECOMMENDED_NODE_FLAGS.join(' ');
