/** `enable|disable|status notifications`: whether events reach this channel. Kept across restarts. */
import { type Message, plaintext } from '@chatkube/api';
import { type BuiltinDeps, type BuiltinRequest, requireChannel } from './context.js';

const notConfigured = (channel: string, cluster: string): Message =>
  plaintext(
    `I'm not configured to send notifications here ('${channel}') from cluster '${cluster}', so you cannot turn them on or off.`,
  );

export async function setNotifications(request: BuiltinRequest, deps: BuiltinDeps, enabled: boolean): Promise<Message> {
  const channel = requireChannel(request);
  const cluster = deps.config.settings.clusterName;
  if (channel.bindings.sources.length === 0) return notConfigured(channel.name, cluster);
  await deps.directory.setNotifications(channel, enabled);
  return plaintext(
    enabled
      ? `Brace yourselves, incoming notifications from cluster '${cluster}'.`
      : `Sure! I won't send you notifications from cluster '${cluster}' here.`,
  );
}

export function notificationStatus(request: BuiltinRequest, deps: BuiltinDeps): Message {
  const channel = requireChannel(request);
  const cluster = deps.config.settings.clusterName;
  if (channel.bindings.sources.length === 0) return notConfigured(channel.name, cluster);
  return plaintext(`Notifications from cluster '${cluster}' are ${channel.notificationsDisabled ? 'disabled' : 'enabled'} here.`);
}
