/**
 * Delivers each event of a source group to where it belongs: every channel
 * bound to the group with notifications on (of the platforms whose
 * interactivity matches the stream's), then the actions bound to the group.
 * Each channel has its own bounded queue: in order per channel, drops
 * counted and logged once per channel.
 */
import type { Event } from '@chatkube/api';
import type { ChannelDirectory, EffectiveChannel } from '../agent/channel-directory.js';
import { isEmptyMessage } from '../commands/answers.js';
import type { PlatformName } from '../config/types.js';
import type { Logger } from '../logging.js';
import type { AgentMetrics } from '../metrics.js';
import type { PlatformAdapter } from '../platforms/types.js';
import { DeliveryQueue } from './delivery-queue.js';

/** Events waiting per channel before new ones are dropped. */
export const CHANNEL_QUEUE_LIMIT = 1000;

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
      for (const destination of destinations) this.#deliver(sourceGroup, destination, event);
    }
    if (withActions) this.deps.runActions(sourceGroup, event, this.destinations(sourceGroup));
  }

  /** Resolves once every queue is empty. */
  async idle(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((queue) => queue.idle()));
  }

  #deliver(sourceGroup: string, { adapter, channel }: EventDestination, event: Event): void {
    const name = channel.stateKey;
    let queue = this.#queues.get(name);
    if (!queue) {
      const logger = this.deps.logger.child({ destination: name });
      queue = new DeliveryQueue({
        limit: this.deps.queueLimit ?? CHANNEL_QUEUE_LIMIT,
        onDrop: (dropped) => {
          this.deps.metrics.eventsDropped.inc({ source: sourceGroup, destination: name, reason: 'queue-full' });
          if (dropped === 1)
            logger.warn('the channel cannot keep up with its events; dropping them (counted in chatkube_events_dropped_total)');
        },
        onError: (error) => {
          this.deps.metrics.eventsDropped.inc({ source: sourceGroup, destination: name, reason: 'send-failed' });
          logger.warn({ err: error }, 'could not deliver an event');
        },
        onDepth: (depth) => this.deps.metrics.queueDepth.set({ destination: name }, depth),
      });
      this.#queues.set(name, queue);
    }
    queue.push(async () => {
      await adapter.send(channel.name, event.message);
      this.deps.metrics.eventsDelivered.inc({ source: sourceGroup, destination: name });
    });
  }
}
