/** `help`: what this channel can do, as buttons. */
import { commandButton, type Message } from '@chatkube/api';
import type { BuiltinDeps, BuiltinRequest } from './context.js';

export function help(request: BuiltinRequest, deps: BuiltinDeps): Message {
  const executors = [...new Set(deps.bridge.entries(request.run.executorBindings).map(({ entry }) => entry.name))];
  const hasSources = (request.run.channel?.bindings.sources.length ?? 0) > 0;
  return {
    sections: [
      {
        header: `chatkube on ${deps.config.settings.clusterName}`,
        description: 'Type a command, or click one of these.',
      },
      {
        header: '🛠️ Basic commands',
        buttons: [
          commandButton('Ping', 'ping'),
          commandButton('List executors', 'list executors'),
          commandButton('List sources', 'list sources'),
          commandButton('List actions', 'list actions'),
          commandButton('List aliases', 'list aliases'),
        ],
      },
      ...(hasSources
        ? [
            {
              header: '📣 Notifications',
              buttons: [
                commandButton('Enable', 'enable notifications'),
                commandButton('Disable', 'disable notifications'),
                commandButton('Status', 'status notifications'),
                commandButton('Edit source bindings', 'edit sourcebindings'),
              ],
            },
          ]
        : []),
      ...(executors.length > 0
        ? [
            {
              header: '🧩 Executors in this channel',
              buttons: executors.map((name) => commandButton(`${name} help`, `${name} help`)),
            },
          ]
        : []),
      { context: [{ text: 'Add --filter=<text> to a command to keep only the lines of its answer that contain <text>.' }] },
    ],
  };
}
