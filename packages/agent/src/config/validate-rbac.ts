/**
 * Cross-checks of `context.rbac` on plugin entries: a Static subject needs
 * its name(s); a source has no channel, so ChannelName cannot apply to it;
 * and, as Botkube requires, a plugin that several groups bound to one
 * channel (or action) enable must have the same RBAC in all of them — one
 * kubeconfig is generated per command, not one per group.
 */
import { isDeepStrictEqual } from 'node:util';
import { GROUP_FIELDS, parsePluginKey } from './plugin-key.js';
import type { PathProblem } from './problems.js';
import { entriesOf, isEnabled, listOf, mapping, stringOf } from './read-doc.js';

type Kind = 'executors' | 'sources';

/** The rbac of an entry, absent and empty fields alike, for comparison. */
function normalisedRbac(entry: unknown): unknown {
  const rbac = mapping(mapping(mapping(entry).context).rbac);
  const subject = (value: unknown, key: 'value' | 'values') => {
    const s = mapping(value);
    return { type: stringOf(s.type) ?? '', static: mapping(s.static)[key] ?? null, prefix: stringOf(s.prefix) ?? '' };
  };
  return { user: subject(rbac.user, 'value'), group: subject(rbac.group, 'values') };
}

function checkSubjects(doc: Record<string, unknown>): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const kind of ['executors', 'sources'] as const) {
    for (const [group, entries] of entriesOf(doc[kind])) {
      for (const [key, entry] of entriesOf(entries)) {
        if (GROUP_FIELDS[kind].has(key)) continue;
        const rbac = mapping(mapping(mapping(entry).context).rbac);
        const at = [kind, group, key, 'context', 'rbac'];
        const severity = isEnabled(entry) ? 'error' : 'warning';
        const user = mapping(rbac.user);
        const groupSubject = mapping(rbac.group);
        // A value of the wrong type is the schema's to report.
        const value = mapping(user.static).value;
        if (user.type === 'Static' && (value === undefined || value === null || value === '')) {
          problems.push({ at: [...at, 'user', 'static', 'value'], message: 'missing: a Static user needs a name', severity });
        }
        const values = mapping(groupSubject.static).values;
        const noValues = values === undefined || values === null || (Array.isArray(values) && values.length === 0);
        if (groupSubject.type === 'Static' && noValues) {
          problems.push({
            at: [...at, 'group', 'static', 'values'],
            message: 'missing: a Static group needs at least one group name',
            severity,
          });
        }
        if (kind === 'sources') {
          for (const [name, subject] of [
            ['user', user],
            ['group', groupSubject],
          ] as const) {
            if (subject.type === 'ChannelName') {
              problems.push({
                at: [...at, name, 'type'],
                message: 'is ChannelName, but a source streams to no one channel: use Static',
                severity,
              });
            }
          }
        }
      }
    }
  }
  return problems;
}

/** Bound group lists: each channel's and each action's, with where they are. */
function bindingsOf(doc: Record<string, unknown>, kind: Kind): { at: string[]; groups: string[] }[] {
  const found: { at: string[]; groups: string[] }[] = [];
  const groupsAt = (value: unknown) => listOf(mapping(mapping(value).bindings)[kind]).filter((g) => typeof g === 'string');
  for (const [group, platforms] of entriesOf(doc.communications)) {
    for (const [platform, settings] of entriesOf(platforms)) {
      if (!isEnabled(settings)) continue;
      for (const [alias, channel] of entriesOf(mapping(settings).channels)) {
        found.push({ at: ['communications', group, platform, 'channels', alias, 'bindings', kind], groups: groupsAt(channel) });
      }
    }
  }
  for (const [name, action] of entriesOf(doc.actions)) {
    if (isEnabled(action)) found.push({ at: ['actions', name, 'bindings', kind], groups: groupsAt(action) });
  }
  return found;
}

function checkSameRbac(doc: Record<string, unknown>): PathProblem[] {
  const problems: PathProblem[] = [];
  const reported = new Set<string>();
  for (const kind of ['executors', 'sources'] as const) {
    for (const { at, groups } of bindingsOf(doc, kind)) {
      const first = new Map<string, { group: string; key: string; rbac: unknown }>();
      for (const group of groups) {
        for (const [key, entry] of entriesOf(mapping(doc[kind])[group])) {
          const ref = GROUP_FIELDS[kind].has(key) ? undefined : parsePluginKey(key);
          if (ref === undefined || !isEnabled(entry)) continue;
          const rbac = normalisedRbac(entry);
          const seen = first.get(ref.name);
          if (!seen) {
            first.set(ref.name, { group, key, rbac });
            continue;
          }
          const pair = `${kind}/${seen.group}/${group}/${ref.name}`;
          if (isDeepStrictEqual(seen.rbac, rbac) || reported.has(pair)) continue;
          reported.add(pair);
          problems.push({
            at,
            message: `binds ${kind}.${seen.group}.${seen.key} and ${kind}.${group}.${key} with different context.rbac: a plugin bound in several groups must have the same RBAC in all of them`,
            severity: 'error',
          });
        }
      }
    }
  }
  return problems;
}

/** Every cross-check of `context.rbac`. */
export function checkRbac(doc: Record<string, unknown>): PathProblem[] {
  return [...checkSubjects(doc), ...checkSameRbac(doc)];
}
