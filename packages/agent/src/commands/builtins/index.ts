import { plaintext } from '@chatkube/api';
/**
 * The verbs the agent answers itself (Botkube's §7.2): a verb, a feature
 * and arguments, e.g. `list executors`, `enable action describe-pods`.
 */
import { setAction } from './actions.js';
import type { BuiltinAnswer, BuiltinDeps, BuiltinRequest, Handler } from './context.js';
import { help } from './help.js';
import { listActions, listAliases, listExecutors, listSources } from './list.js';
import { notificationStatus, setNotifications } from './notifications.js';
import { showConfig } from './show-config.js';
import { editSourceBindings, sourceBindingStatus } from './source-bindings.js';

/** A verb's features, each under its names (Botkube's aliases included). */
type Features = { names: readonly string[]; usage: string; handler: Handler }[];

const NOTIFICATIONS = ['notifications', 'notification', 'notif', ''];
const ACTIONS = ['action', 'actions', 'act'];
const SOURCE_BINDINGS = ['sourcebindings', 'sourcebinding', 'sb'];

const versionText = (deps: BuiltinDeps): string =>
  `chatkube version: ${deps.version}\nCluster: ${deps.config.settings.clusterName}`;

const VERBS: Record<string, Handler | Features> = {
  help,
  ping: (_request, deps) => plaintext(`pong\n\n${versionText(deps)}`),
  version: (_request, deps) => plaintext(versionText(deps)),
  list: [
    { names: ['executors', 'executor', 'exec'], usage: 'list executors', handler: listExecutors },
    { names: ['sources', 'source', 'src'], usage: 'list sources', handler: listSources },
    { names: ACTIONS, usage: 'list actions', handler: listActions },
    { names: ['aliases', 'alias', 'als'], usage: 'list aliases', handler: listAliases },
  ],
  enable: [
    { names: NOTIFICATIONS, usage: 'enable notifications', handler: (r, d) => setNotifications(r, d, true) },
    { names: ACTIONS, usage: 'enable action <name>', handler: (r, d, rest) => setAction(r, d, rest, true) },
  ],
  disable: [
    { names: NOTIFICATIONS, usage: 'disable notifications', handler: (r, d) => setNotifications(r, d, false) },
    { names: ACTIONS, usage: 'disable action <name>', handler: (r, d, rest) => setAction(r, d, rest, false) },
  ],
  status: [
    { names: NOTIFICATIONS, usage: 'status notifications', handler: notificationStatus },
    { names: SOURCE_BINDINGS, usage: 'status sourcebindings', handler: sourceBindingStatus },
  ],
  edit: [{ names: SOURCE_BINDINGS, usage: 'edit sourcebindings [source groups…]', handler: editSourceBindings }],
  show: [{ names: ['config', 'cfg', 'configuration'], usage: 'show config', handler: showConfig }],
};

export class Builtins {
  constructor(private readonly deps: BuiltinDeps) {}

  async run(request: BuiltinRequest): Promise<BuiltinAnswer> {
    const [verbWord = 'help', featureWord = '', ...rest] = request.args;
    const verb = verbWord.toLowerCase();
    const entry = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
    if (!entry)
      return { message: plaintext("Command not supported. Please use 'help' to see supported commands."), verb, known: false };
    try {
      if (typeof entry === 'function')
        return { message: await entry(request, this.deps, request.args.slice(1)), verb, known: true };
      const feature = entry.find(({ names }) => names.includes(featureWord.toLowerCase()));
      if (!feature) {
        const usage = entry.map((f) => `  ${f.usage}`).join('\n');
        return { message: plaintext(`error: unknown option \`${featureWord}\`\nusage:\n${usage}`), verb, known: false };
      }
      return { message: await feature.handler(request, this.deps, rest), verb: `${verb} ${feature.names[0]}`, known: true };
    } catch (error) {
      return {
        message: plaintext(`${verb} failed: ${error instanceof Error ? error.message : String(error)}`),
        verb,
        known: true,
      };
    }
  }
}

export type { BuiltinDeps } from './context.js';
