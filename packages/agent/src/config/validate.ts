/**
 * Cross-checks of a merged configuration: what the schema cannot say.
 * Every check runs, whatever the others found, so that one run reports all
 * problems; each names the key it is about. What is enabled is an error
 * when wrong; what is disabled (and could be enabled from chat) a warning.
 */
import { isIP } from 'node:net';
import { GO_DURATION_EXPECTED, parseGoDuration } from '@chatkube/api';
import { BUNDLED_REPOSITORY, GROUP_FIELDS, PLUGIN_KEY_EXPECTED, parsePluginKey } from './plugin-key.js';
import { describeValue, listNames, type PathProblem } from './problems.js';
import { entriesOf, isEnabled, mapping, setString, stringOf, valueAt } from './read-doc.js';
import { checkBindings, checkCommunications, type GroupNames } from './validate-communications.js';
import { checkRbac } from './validate-rbac.js';

/** The verbs chatkube answers itself; an alias must not hide one. */
export const BUILT_IN_VERBS = ['help', 'ping', 'version', 'list', 'enable', 'disable', 'status', 'edit', 'show'] as const;

function checkPluginGroups(doc: Record<string, unknown>): PathProblem[] {
  const problems: PathProblem[] = [];
  const repositories = Object.keys(mapping(valueAt(doc, ['plugins', 'repositories'])));
  if (repositories.includes(BUNDLED_REPOSITORY)) {
    problems.push({
      at: ['plugins', 'repositories', BUNDLED_REPOSITORY],
      message: `"${BUNDLED_REPOSITORY}" is the repository of the bundled plugins; this entry is ignored: choose another name`,
      severity: 'warning',
    });
  }
  for (const kind of ['executors', 'sources'] as const) {
    for (const [group, entries] of entriesOf(doc[kind])) {
      for (const [key, entry] of entriesOf(entries)) {
        if (GROUP_FIELDS[kind].has(key)) continue;
        const at = [kind, group, key];
        const ref = parsePluginKey(key);
        if (ref === undefined) {
          problems.push({ at, message: `malformed plugin key "${key}": expected ${PLUGIN_KEY_EXPECTED}`, severity: 'error' });
        } else if (ref.repo !== BUNDLED_REPOSITORY && !repositories.includes(ref.repo)) {
          problems.push({
            at,
            message:
              repositories.length === 0
                ? `unknown plugin repository "${ref.repo}": expected ${BUNDLED_REPOSITORY} (the bundled plugins), or add "${ref.repo}" to plugins.repositories`
                : `unknown plugin repository "${ref.repo}": expected ${BUNDLED_REPOSITORY} (the bundled plugins) or one of plugins.repositories (${listNames(repositories)})`,
            severity: isEnabled(entry) ? 'error' : 'warning',
          });
        }
      }
    }
  }
  for (const [group, entries] of entriesOf(doc.sources)) {
    const webhook = mapping(entries).webhook;
    if (webhook === undefined) continue;
    const auth = mapping(webhook);
    const at = ['sources', group, 'webhook'];
    if (setString(auth.bearerToken) === undefined && setString(auth.hmacSecret) === undefined) {
      problems.push({
        at,
        message: 'has neither bearerToken nor hmacSecret: every request will be refused',
        severity: 'warning',
      });
    } else if (setString(auth.hmacHeader) !== undefined && setString(auth.hmacSecret) === undefined) {
      problems.push({
        at: [...at, 'hmacHeader'],
        message: 'is set without hmacSecret: no signature is checked',
        severity: 'warning',
      });
    }
  }
  return problems;
}

/**
 * One plugin key runs once (one process or one worker), however many groups
 * enable it: entries of a key that name different runtimes cannot all be
 * honoured. An entry without `runtime` follows the one that names it.
 */
function checkRuntimes(doc: Record<string, unknown>): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const kind of ['executors', 'sources'] as const) {
    const first = new Map<string, { group: string; runtime: string; enabled: boolean }>();
    for (const [group, entries] of entriesOf(doc[kind])) {
      for (const [key, entry] of entriesOf(entries)) {
        const runtime = mapping(entry).runtime;
        if (GROUP_FIELDS[kind].has(key) || typeof runtime !== 'string') continue;
        const enabled = isEnabled(entry);
        const seen = first.get(key);
        if (!seen) {
          first.set(key, { group, runtime, enabled });
        } else if (seen.runtime !== runtime) {
          problems.push({
            at: [kind, group, key, 'runtime'],
            message: `is ${runtime}, but ${kind}.${seen.group}.${key}.runtime is ${seen.runtime}: a plugin runs once, in one runtime, whatever groups enable it; give every entry of ${key} the same runtime, or leave it out of all but one`,
            severity: enabled && seen.enabled ? 'error' : 'warning',
          });
        }
      }
    }
  }
  return problems;
}

function checkActions(doc: Record<string, unknown>, groups: GroupNames): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const [name, action] of entriesOf(doc.actions)) {
    const enabled = isEnabled(action);
    const at = ['actions', name];
    const command = mapping(action).command;
    // A command that is not a string is the schema's to report.
    if (enabled && (command === undefined || (typeof command === 'string' && command.trim() === ''))) {
      problems.push({ at: [...at, 'command'], message: 'missing: an enabled action needs a command to run', severity: 'error' });
    }
    problems.push(
      ...checkBindings(at, mapping(action).bindings, ['executors', 'sources'], groups, enabled ? 'error' : 'warning'),
    );
  }
  return problems;
}

/** The names commands are routed by: the plugin names of every executor group. */
function executorNames(doc: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const [, entries] of entriesOf(doc.executors)) {
    for (const key of Object.keys(mapping(entries))) {
      const ref = parsePluginKey(key);
      if (ref !== undefined) names.add(ref.name);
    }
  }
  return names;
}

function checkAliases(doc: Record<string, unknown>): PathProblem[] {
  const problems: PathProblem[] = [];
  const verbs: readonly string[] = BUILT_IN_VERBS;
  const executors = executorNames(doc);
  for (const [name, alias] of entriesOf(doc.aliases)) {
    const at = ['aliases', name];
    if (verbs.includes(name.toLowerCase())) {
      problems.push({
        at,
        message: `would hide the built-in verb "${name.toLowerCase()}": choose another alias name`,
        severity: 'error',
      });
    } else if (executors.has(name)) {
      problems.push({ at, message: `has the name of the executor "${name}", which it hides`, severity: 'warning' });
    }
    const first = stringOf(mapping(alias).command)?.trim().split(/\s+/)[0];
    if (first === undefined || first === '' || executors.has(first) || verbs.includes(first)) continue;
    problems.push({
      at: [...at, 'command'],
      message: `starts with "${first}", which is neither an executor (${listNames(executors)}) nor a built-in verb (${verbs.join(', ')})`,
      severity: 'warning',
    });
  }
  return problems;
}

/** Durations chatkube uses (errors) and Botkube's that it only accepts (warnings). */
const DURATIONS: readonly { path: string[]; severity: 'error' | 'warning' }[] = [
  { path: ['settings', 'commandTimeout'], severity: 'error' },
  { path: ['plugins', 'healthCheckInterval'], severity: 'error' },
  { path: ['settings', 'informersResyncPeriod'], severity: 'warning' },
  { path: ['configWatcher', 'remote', 'pollInterval'], severity: 'warning' },
  { path: ['configWatcher', 'inCluster', 'informerResyncPeriod'], severity: 'warning' },
];

function checkDurations(doc: Record<string, unknown>): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const { path, severity } of DURATIONS) {
    const value = valueAt(doc, path);
    if (typeof value !== 'string') continue; // absent, or the schema said what is wrong
    const ms = parseGoDuration(value);
    if (ms === undefined) {
      problems.push({ at: path, message: `expected ${GO_DURATION_EXPECTED}, got ${describeValue(value)}`, severity });
    } else if (ms <= 0) {
      problems.push({ at: path, message: `expected a duration longer than 0, got ${describeValue(value)}`, severity });
    } else if (ms > MAX_TIMER_MS) {
      // Node's timers hold at most 2^31-1 ms; a longer one fires at once.
      problems.push({ at: path, message: `expected a duration of at most 24d (576h), got ${describeValue(value)}`, severity });
    }
  }
  return problems;
}

/** The longest timer Node keeps: 2^31-1 ms, about 24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare.startsWith('::ffff:127.');
}

/** An open web chat runs any command of its channels for whoever reaches it. */
function checkServer(doc: Record<string, unknown>): PathProblem[] {
  const host = stringOf(valueAt(doc, ['settings', 'server', 'host']));
  if (host === undefined || isLoopback(host)) return [];
  if (setString(valueAt(doc, ['settings', 'webchat', 'authToken'])) !== undefined) return [];
  const webchat = entriesOf(doc.communications).find(([, group]) => isEnabled(mapping(group).webchat));
  if (webchat === undefined) return [];
  return [
    {
      at: ['settings', 'server', 'host'],
      message: `listening on ${host} needs settings.webchat.authToken (the web chat of communications.${webchat[0]} is enabled): set a token, or listen on 127.0.0.1`,
      severity: 'error',
    },
  ];
}

/** Every cross-check of a merged configuration document. */
export function validateConfig(doc: Record<string, unknown>): PathProblem[] {
  const groups: GroupNames = {
    executors: new Set(Object.keys(mapping(doc.executors))),
    sources: new Set(Object.keys(mapping(doc.sources))),
  };
  const problems: PathProblem[] = [];
  if (Object.keys(mapping(doc.communications)).length === 0) {
    problems.push({
      at: ['communications'],
      message: 'no communications group: chatkube will talk to no one (for example, enable communications.<group>.webchat)',
      severity: 'warning',
    });
  }
  problems.push(
    ...checkCommunications(doc.communications, groups),
    ...checkPluginGroups(doc),
    ...checkRuntimes(doc),
    ...checkRbac(doc),
    ...checkActions(doc, groups),
    ...checkAliases(doc),
    ...checkDurations(doc),
    ...checkServer(doc),
  );
  return problems;
}
