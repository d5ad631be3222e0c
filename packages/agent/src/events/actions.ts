/**
 * Actions: for each event of a bound source, the action's command template
 * is rendered with `{ .Event }` (the event's raw object) and run through the
 * command pipeline with origin `automation` and the action's executor
 * bindings; the answer goes to the channels that got the event. A template
 * that fails is reported there and in the log, never thrown.
 */
import { type Event, plaintext } from '@chatkube/api';
import { renderTemplate } from '@chatkube/gotemplate';
import type { ChannelDirectory } from '../agent/channel-directory.js';
import type { CommandPipeline } from '../commands/pipeline.js';
import type { Logger } from '../logging.js';
import type { EventDestination } from './dispatcher.js';

export class ActionRunner {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly pipeline: () => CommandPipeline,
    private readonly logger: Logger,
  ) {}

  run(sourceGroup: string, event: Event, destinations: EventDestination[]): void {
    for (const action of this.directory.actions()) {
      if (!action.enabled || !action.bindings.sources.includes(sourceGroup)) continue;
      const targets = destinations.map(({ adapter, channel }) => ({ adapter, channel: channel.name }));
      let command: string;
      try {
        command = renderTemplate(action.command, { Event: event.rawObject ?? null }, `actions.${action.name}.command`).trim();
      } catch (error) {
        const text = `Action '${action.displayName}' could not render its command: ${error instanceof Error ? error.message : String(error)}`;
        this.logger.warn({ action: action.name, err: error }, 'action template failed');
        const message = plaintext(text);
        for (const { adapter, channel } of targets) {
          adapter
            .send(channel, message)
            .catch((sendError: unknown) => this.logger.warn({ err: sendError }, 'could not report an action failure'));
        }
        continue;
      }
      if (!command) continue;
      void this.pipeline().run({
        text: command,
        platform: destinations[0]?.channel.platform ?? 'webchat',
        user: { id: `automation:${action.name}`, mention: `Automation "${action.displayName}"`, displayName: action.displayName },
        origin: 'automation',
        executorBindings: action.bindings.executors,
        targets,
      });
    }
  }
}
