/**
 * Whom a command's kubeconfig impersonates, from a plugin entry's
 * `context.rbac`, as Botkube decides it: the user is prefix + the static
 * name, or prefix + the channel's name; the groups are prefix + each static
 * name, or prefix + the channel's name. A rule with groups and no user
 * impersonates chatkube's internal user (Kubernetes needs a user to
 * impersonate groups); Botkube names it `botkube-internal-static-user`.
 */
import type { RbacRule } from '../config/types.js';
import { RbacNoChannelError } from '../errors.js';

/** The user a rule with only groups impersonates. */
export const INTERNAL_STATIC_USER = 'chatkube-internal-static-user';

export interface Impersonation {
  user: string;
  groups: string[];
}

/** Whether a rule maps a subject, so that each call gets a kubeconfig of its own. */
export const impersonates = (rule: RbacRule | undefined): boolean =>
  rule !== undefined && (rule.user.type !== '' || rule.group.type !== '');

/**
 * The impersonation of `rule` for a command in channel `channel`, or
 * undefined when the rule maps no subject (no kubeconfig then).
 *
 * @throws RbacNoChannelError when a subject is ChannelName and there is no channel.
 */
export function impersonationFor(rule: RbacRule | undefined, channel: string | undefined): Impersonation | undefined {
  if (!rule || !impersonates(rule)) return undefined;
  const channelName = (what: string): string => {
    if (channel === undefined || channel === '') {
      throw new RbacNoChannelError(
        `The RBAC ${what} is the channel's name, and this command has no channel (an action or a source): give it a Static ${what}.`,
      );
    }
    return channel;
  };
  const user =
    rule.user.type === 'Static'
      ? rule.user.prefix + rule.user.static.value
      : rule.user.type === 'ChannelName'
        ? rule.user.prefix + channelName('user')
        : INTERNAL_STATIC_USER;
  const groups =
    rule.group.type === 'Static'
      ? rule.group.static.values.map((value) => rule.group.prefix + value)
      : rule.group.type === 'ChannelName'
        ? [rule.group.prefix + channelName('group')]
        : [];
  return { user, groups };
}
