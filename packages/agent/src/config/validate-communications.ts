/**
 * Cross-checks of `communications`: what the channels and sinks of enabled
 * platforms bind to exists, channel names are not used twice on one
 * platform of a group, and Botkube's platforms that chatkube does not run
 * yet are reported (as warnings: a Botkube file must load).
 */
import { type ConfigPath, describeValue, listNames, type PathProblem } from './problems.js';
import { entriesOf, isEnabled, listOf, mapping, stringOf } from './read-doc.js';
import { NOT_YET_SUPPORTED } from './types.js';
import { severityAt } from './unused-keys.js';

export interface GroupNames {
  executors: ReadonlySet<string>;
  sources: ReadonlySet<string>;
}

type BindingKind = 'executors' | 'sources';
const SINGULAR: Record<BindingKind, string> = { executors: 'executor', sources: 'source' };

function unknownGroup(kind: BindingKind, name: string, groups: GroupNames): string {
  const other: BindingKind = kind === 'executors' ? 'sources' : 'executors';
  if (groups[other].has(name))
    return `"${name}" is a ${SINGULAR[other]} group, not ${SINGULAR[kind] === 'executor' ? 'an' : 'a'} ${SINGULAR[kind]} group`;
  if (groups[kind].size === 0) return `unknown ${SINGULAR[kind]} group "${name}": no ${SINGULAR[kind]} groups are configured`;
  return `unknown ${SINGULAR[kind]} group "${name}"; expected one of ${listNames(groups[kind])}`;
}

/** Problems with `bindings.{executors,sources}` under `at`. */
export function checkBindings(
  at: ConfigPath,
  bindings: unknown,
  kinds: readonly BindingKind[],
  groups: GroupNames,
  severity: 'error' | 'warning',
): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const kind of kinds) {
    listOf(mapping(bindings)[kind]).forEach((name, i) => {
      if (typeof name !== 'string' || groups[kind].has(name)) return;
      const path = [...at, 'bindings', kind, i];
      problems.push({ at: path, message: unknownGroup(kind, name, groups), severity: severityAt(path, severity) });
    });
  }
  return problems;
}

/** Channel names compare as the platforms do: without a leading `#`, ignoring case. */
const channelKey = (name: string) => name.replace(/^#/, '').toLowerCase();

/** Bindings and duplicate names of one platform's `channels` mapping. */
function checkChannels(at: ConfigPath, channels: unknown, identity: 'name' | 'id', groups: GroupNames): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Map<string, string>();
  for (const [alias, channel] of entriesOf(channels)) {
    const path = [...at, 'channels', alias];
    problems.push(...checkBindings(path, mapping(channel).bindings, ['executors', 'sources'], groups, 'error'));
    const name = stringOf(mapping(channel)[identity]) ?? (identity === 'name' ? alias : undefined);
    if (name === undefined) continue;
    const first = seen.get(channelKey(name));
    if (first === undefined) {
      seen.set(channelKey(name), alias);
      continue;
    }
    const namePath = [...path, identity];
    problems.push({
      at: namePath,
      message: `channel ${identity} "${name}" is also used by channels.${first} of the same platform: one channel, one entry`,
      severity: severityAt(namePath, 'error'),
    });
  }
  return problems;
}

const BY_NAME = new Set(['webchat', 'socketSlack', 'cloudSlack', 'mattermost']);
const SINKS = new Set(['webhook', 'pagerDuty']);

function checkSlackTokens(at: ConfigPath, slack: unknown): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const [key, prefix, what] of [
    ['botToken', 'xoxb-', 'bot token'],
    ['appToken', 'xapp-', 'app-level token'],
  ] as const) {
    const token = mapping(slack)[key];
    if (typeof token === 'string' && token.startsWith(prefix)) continue;
    problems.push({ at: [...at, key], message: `expected a Slack ${what} starting with ${prefix}`, severity: 'warning' });
  }
  return problems;
}

/** A webhook sink posts to an http(s) URL; anything else would fail at every event. */
function checkSinkUrl(at: ConfigPath, url: unknown): PathProblem[] {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return [];
  return [{ at, message: `expected the http(s) URL events are posted to, got ${describeValue(url)}`, severity: 'error' }];
}

/** One platform (or sink) of a group, if enabled. */
function checkPlatform(at: ConfigPath, platform: string, value: unknown, groups: GroupNames): PathProblem[] {
  if (!isEnabled(value)) return [];
  const problems: PathProblem[] = [];
  if ((NOT_YET_SUPPORTED as readonly string[]).includes(platform)) {
    problems.push({ at, message: 'not supported yet by chatkube; skipped', severity: 'warning' });
  }
  if (platform === 'socketSlack') problems.push(...checkSlackTokens(at, value));
  if (BY_NAME.has(platform)) problems.push(...checkChannels(at, mapping(value).channels, 'name', groups));
  if (platform === 'discord') problems.push(...checkChannels(at, mapping(value).channels, 'id', groups));
  if (platform === 'cloudTeams') {
    listOf(mapping(value).teams).forEach((team, i) => {
      problems.push(...checkChannels([...at, 'teams', i], mapping(team).channels, 'id', groups));
    });
  }
  if (SINKS.has(platform)) problems.push(...checkBindings(at, mapping(value).bindings, ['sources'], groups, 'error'));
  if (platform === 'webhook') problems.push(...checkSinkUrl([...at, 'url'], mapping(value).url));
  if (platform === 'elasticsearch') {
    for (const [alias, index] of entriesOf(mapping(value).indices)) {
      problems.push(...checkBindings([...at, 'indices', alias], mapping(index).bindings, ['sources'], groups, 'error'));
    }
  }
  return problems;
}

/** Every cross-check of `communications`. */
export function checkCommunications(communications: unknown, groups: GroupNames): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const [group, platforms] of entriesOf(communications)) {
    // The group names a channel's runtime state (`{platform}/{group}/{channel}`).
    if (group.includes('/'))
      problems.push({
        at: ['communications', group],
        message: 'a communications group name may not contain "/"',
        severity: 'error',
      });
    for (const [platform, value] of entriesOf(platforms)) {
      problems.push(...checkPlatform(['communications', group, platform], platform, value, groups));
    }
  }
  return [...problems, ...checkWebchatNames(communications)];
}

/** The web chat is one conversation space: a channel name may stand in one group only. */
function checkWebchatNames(communications: unknown): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Map<string, string>();
  for (const [group, platforms] of entriesOf(communications)) {
    const webchat = mapping(platforms).webchat;
    if (!isEnabled(webchat)) continue;
    for (const [alias, channel] of entriesOf(mapping(webchat).channels)) {
      const name = channelKey(stringOf(mapping(channel).name) ?? alias);
      const first = seen.get(name);
      if (first === undefined) seen.set(name, group);
      else if (first !== group)
        problems.push({
          at: ['communications', group, 'webchat', 'channels', alias, 'name'],
          message: `web chat channel "${name}" is also in communications group ${first}: a web chat channel name belongs to one group`,
          severity: 'error',
        });
    }
  }
  return problems;
}
