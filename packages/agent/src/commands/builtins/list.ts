/** `list executors|sources|actions|aliases`: what this channel can use. */
import { codeBlock, type Message } from '@chatkube/api';
import type { PluginStatus } from '../../plugins/supervisor.js';
import { BUILTIN_VERBS, type BuiltinDeps, type BuiltinRequest } from './context.js';
import { table } from './table.js';

const STATE: Record<PluginStatus['state'], string> = {
  starting: 'Starting',
  running: 'Running',
  restarting: 'Restarting',
  failed: 'Failed',
  deactivated: 'Deactivated',
  stopped: 'Stopped',
};

const statusCells = (status: PluginStatus | undefined): string[] =>
  status ? [`${status.restarts}/${status.threshold}`, STATE[status.state]] : ['0/0', 'Not started'];

export function listExecutors(request: BuiltinRequest, deps: BuiltinDeps): Message {
  const rows = deps.bridge.entries(request.run.executorBindings).map(({ entry }) => {
    const aliases = deps.config.aliases.filter((alias) => alias.command.split(/\s+/)[0] === entry.name).map((a) => a.name);
    return [entry.key, String(entry.enabled), aliases.join(', '), ...statusCells(deps.supervisor.status('executor', entry.key))];
  });
  return codeBlock(table(['EXECUTOR', 'ENABLED', 'ALIASES', 'RESTARTS', 'STATUS'], rows));
}

export function listSources(request: BuiltinRequest, deps: BuiltinDeps): Message {
  const bound = new Set(request.run.channel?.bindings.sources ?? []);
  const rows = deps.config.sources
    .filter((group) => bound.has(group.name))
    .flatMap((group) =>
      group.plugins.map((entry) => [
        entry.key,
        String(entry.enabled),
        ...statusCells(deps.supervisor.status('source', entry.key)),
      ]),
    );
  return codeBlock(table(['SOURCE', 'ENABLED', 'RESTARTS', 'STATUS'], rows));
}

export function listActions(_request: BuiltinRequest, deps: BuiltinDeps): Message {
  const rows = deps.directory.actions().map((action) => [action.name, String(action.enabled), action.displayName]);
  return codeBlock(table(['ACTION', 'ENABLED', 'DISPLAY NAME'], rows));
}

export function listAliases(request: BuiltinRequest, deps: BuiltinDeps): Message {
  const usable = new Set(deps.bridge.entries(request.run.executorBindings).map(({ entry }) => entry.name));
  const rows = deps.config.aliases
    .filter((alias) => {
      const target = alias.command.split(/\s+/)[0] ?? '';
      return usable.has(target) || BUILTIN_VERBS.has(target);
    })
    .map((alias) => [alias.name, alias.command, alias.displayName ?? '']);
  return {
    baseBody: { codeBlock: table(['ALIAS', 'COMMAND', 'DISPLAY NAME'], rows) },
    sections: [{ context: [{ text: 'Only aliases of the executors enabled in this channel are shown.' }] }],
  };
}
