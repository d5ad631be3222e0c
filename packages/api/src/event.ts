import type { Message } from './message.js';

/**
 * What a source plugin emits: Botkube's Go `source.Event`. On the wire its
 * keys are `Message`, `RawObject` and `AnalyticsLabels`.
 */
export interface Event {
  /** The card shown in chat. */
  message: Message;
  /** The raw object: what sinks receive and action templates see as `.Event`. */
  rawObject?: unknown;
  analyticsLabels?: Record<string, unknown>;
}
