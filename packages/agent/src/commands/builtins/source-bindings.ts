/**
 * `edit sourcebindings [names…]` and `status sourcebindings`: which source
 * groups notify this channel. Without names, a multi-select offers them;
 * with names (comma or space separated) they become the bindings, kept
 * across restarts and effective at once (no reload, unlike Botkube).
 */
import { codeBlock, type Message, multiSelect, options, plaintext } from '@chatkube/api';
import { type BuiltinDeps, type BuiltinRequest, requireChannel } from './context.js';
import { table } from './table.js';

export function sourceBindingStatus(request: BuiltinRequest, deps: BuiltinDeps): Message {
  const channel = requireChannel(request);
  const rows = channel.bindings.sources.map((name) => [
    name,
    deps.config.sources.find((g) => g.name === name)?.displayName ?? '',
  ]);
  return codeBlock(table(['NAME', 'DISPLAY NAME'], rows));
}

export async function editSourceBindings(request: BuiltinRequest, deps: BuiltinDeps, rest: readonly string[]): Promise<Message> {
  const channel = requireChannel(request);
  const known = deps.config.sources.map((group) => group.name);
  const names = [
    ...new Set(
      rest
        .flatMap((word) => word.replace(/["']/g, '').split(','))
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) {
    const choices = options(...deps.config.sources.map((g) => [g.displayName ?? g.name, g.name] as const));
    const current = choices.filter((choice) => channel.bindings.sources.includes(choice.value ?? ''));
    return {
      sections: [
        {
          header: 'Adjust notifications',
          description: 'Choose the sources whose events this channel receives.',
          multiSelect: multiSelect('Sources', 'edit sourcebindings', choices, current),
        },
      ],
    };
  }
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    return plaintext(
      `Unknown source ${unknown.length === 1 ? 'group' : 'groups'}: ${unknown.join(', ')}. Known: ${known.join(', ') || 'none'}.`,
    );
  await deps.directory.setSourceBindings(channel, names);
  await deps.reconcile();
  return plaintext(`✅ ${request.run.user.mention} adjusted the notifications of this channel to: ${names.join(', ')}.`);
}
