/** `enable|disable action <name>`: turn an automation on or off. Kept across restarts. */
import { type Message, plaintext } from '@chatkube/api';
import type { BuiltinDeps, BuiltinRequest } from './context.js';

export async function setAction(
  _request: BuiltinRequest,
  deps: BuiltinDeps,
  rest: readonly string[],
  enabled: boolean,
): Promise<Message> {
  const [name, ...extra] = rest;
  const verb = enabled ? 'enable' : 'disable';
  if (!name || extra.length > 0) return plaintext(`usage: ${verb} action <name> (see: list actions)`);
  if (!deps.directory.action(name)) return plaintext(`There is no action named '${name}'. See: list actions`);
  await deps.directory.setAction(name, enabled);
  if (enabled) await deps.reconcile();
  const cluster = deps.config.settings.clusterName;
  return plaintext(
    enabled
      ? `I have enabled '${name}' action on '${cluster}' cluster.`
      : `Done. I won't run '${name}' action on '${cluster}' cluster.`,
  );
}
