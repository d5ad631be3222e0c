/**
 * Delivers each event of a source group to where it belongs: every channel
 * bound to the group with notifications on (of the platforms whose
 * interactivity matches the stream's), the sinks bound to it (from the
 * non-interactive stream, as Botkube does), then the actions bound to it.
 * Each destination has its own bounded queue: in order per destination,
 * drops counted and logged once per destination.
 */
import type { Event } from '@chatkube/api';
import type { ChannelDirectory, EffectiveChannel } from '../agent/channel-directory.js';
import { isEmptyMessage } from '../commands/answers.js';
import type { PlatformName } from '../config/types.js';
import type { Logger } from '../logging.js';
import type { AgentMetrics } from '../metrics.js';
import type { PlatformAdapter } from '../platforms/types.js';
import type { Sink } from '../sinks/types.js';
import { DeliveryQueue } from './delivery-queue.js';

/** Events waiting per destination before new ones are dropped. */
export const QUEUE_LIMIT = 1000;

export interface EventDestination {
  adapter: PlatformAdapter;
  channel: EffectiveChannel;
}

export interface DispatcherDeps {
  directory: ChannelDirectory;
  adapters: ReadonlyMap<PlatformName, PlatformAdapter>;
  metrics: AgentMetrics;
  logger: Logger;
  /** Runs the actions bound to a source group for one event. */
  runActions(sourceGroup: string, event: Event, destinations: EventDestination[]): void;
  sinks?: readonly Sink[];
  queueLimit?: number;
}

export class SourceDispatcher {
  readonly #queues = new Map<string, DeliveryQueue>();

  constructor(private readonly deps: DispatcherDeps) {}

  /** The destinations of a group's events now, for the platforms of one interactivity (or all). */
  destinations(sourceGroup: string, interactive?: boolean): EventDestination[] {
    return this.deps.directory.subscribers(sourceGroup).flatMap((channel) => {
      const adapter = this.deps.adapters.get(channel.platform);
      if (!adapter || (interactive !== undefined && adapter.interactive !== interactive)) return [];
      return [{ adapter, channel }];
    });
  }

  /** Queues `event` for every destination; `withActions` runs the group's actions for it too. */
  dispatch(sourceGroup: string, interactive: boolean, event: Event, withActions: boolean): void {
    this.deps.metrics.eventsReceived.inc({ source: sourceGroup });
    const destinations = this.destinations(sourceGroup, interactive);
    const message = event.message;
    if (message.type !== 'skipMessage' && !isEmptyMessage(message)) {
      for (const { adapter, channel } of destinations)
        this.#deliver(channel.stateKey, sourceGroup, () => adapter.send(channel.name, message));
    }
    if (!interactive)
      for (const sink of this.deps.sinks ?? [])
        if (sink.sources.includes(sourceGroup)) this.#deliver(sink.name, sourceGroup, () => sink.send(event, sourceGroup));
    if (withActions) this.deps.runActions(sourceGroup, event, this.destinations(sourceGroup));
  }

  /** Resolves once every queue is empty. */
  async idle(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((queue) => queue.idle()));
  }

  /** Queues one delivery to destination `name`, counted by source and destination whatever becomes of it. */
  #deliver(name: string, source: string, send: () => Promise<unknown>): void {
    const labels = { source, destination: name };
    const queue = this.#queue(name);
    const accepted = queue.push(async () => {
      try {
        await send();
        this.deps.metrics.eventsDelivered.inc(labels);
      } catch (error) {
        this.deps.metrics.eventsDropped.inc({ ...labels, reason: 'send-failed' });
        this.deps.logger.warn({ err: error, ...labels }, 'could not deliver an event');
      }
    });
    if (!accepted) this.deps.metrics.eventsDropped.inc({ ...labels, reason: 'queue-full' });
  }

  /** The queue of one destination, made on its first event. */
  #queue(name: string): DeliveryQueue {
    let queue = this.#queues.get(name);
    if (!queue) {
      const logger = this.deps.logger.child({ destination: name });
      queue = new DeliveryQueue({
        limit: this.deps.queueLimit ?? QUEUE_LIMIT,
        onDrop: (dropped) => {
          if (dropped === 1)
            logger.warn(
              'the destination cannot keep up with its events; dropping them (counted in chatkube_events_dropped_total)',
            );
        },
        onError: (error) => logger.error({ err: error }, 'a delivery failed unexpectedly'),
        onDepth: (depth) => this.deps.metrics.queueDepth.set({ destination: name }, depth),
      });
      this.#queues.set(name, queue);
    }
    return queue;
  }
}
