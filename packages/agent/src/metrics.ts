/**
 * The agent's Prometheus metrics, in a registry of its own so that tests and
 * several agents in one process never share counters.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export class AgentMetrics {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: 'chatkube_commands_total',
    help: 'Commands handled, by plugin (or built-in verb) and outcome.',
    labelNames: ['plugin', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commandDuration = new Histogram({
    name: 'chatkube_command_duration_seconds',
    help: 'How long commands took, from receipt to the last answer.',
    labelNames: ['plugin'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 300],
    registers: [this.registry],
  });
  readonly eventsReceived = new Counter({
    name: 'chatkube_events_received_total',
    help: 'Events received from sources, by source group.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: 'chatkube_events_delivered_total',
    help: 'Events delivered, by source group and destination.',
    labelNames: ['source', 'destination'] as const,
    registers: [this.registry],
  });
  readonly eventsDropped = new Counter({
    name: 'chatkube_events_dropped_total',
    help: 'Events dropped because a destination queue was full or its delivery failed, by source group and destination.',
    labelNames: ['source', 'destination', 'reason'] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'chatkube_queue_depth',
    help: 'Events waiting in each destination queue.',
    labelNames: ['destination'] as const,
    registers: [this.registry],
  });
  readonly pluginRestarts: Gauge<'kind' | 'plugin'>;

  /** @param plugins read at each scrape: the plugins' restart counts, which the supervisor keeps. */
  constructor(plugins: () => readonly { kind: string; key: string; restarts: number }[] = () => []) {
    collectDefaultMetrics({ register: this.registry, prefix: 'chatkube_' });
    this.pluginRestarts = new Gauge({
      name: 'chatkube_plugin_restarts',
      help: 'Restarts of each plugin since the agent started.',
      labelNames: ['kind', 'plugin'] as const,
      registers: [this.registry],
      collect() {
        for (const plugin of plugins()) this.set({ kind: plugin.kind, plugin: plugin.key }, plugin.restarts);
      },
    });
  }
}
