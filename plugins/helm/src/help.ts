/** What `helm --help` answers, and the help the agent's `help` command shows. */
import { codeBlock, commandButton, type Message, sections } from '@chatkube/api';

const USAGE: Readonly<Record<string, string>> = {
  list: 'helm list [-f <regex>] [-a] [-A | -n <namespace>] [-o table|json|yaml]   (alias ls)',
  status: 'helm status <release> [-n <namespace>] [--revision <n>] [-o table|json|yaml]',
  history: 'helm history <release> [-n <namespace>] [--max <n>] [-o table|json|yaml]   (alias hist)',
  get: 'helm get all|hooks|manifest|notes|values <release> [-n <namespace>] [--revision <n>]',
  install: 'helm install <release> <chart> [-n <namespace>] [--version <v>] [--set k=v] [--wait] [--timeout 5m]',
  upgrade: 'helm upgrade <release> <chart> [-n <namespace>] [--install] [--set k=v] [--wait]',
  rollback: 'helm rollback <release> [<revision>] [-n <namespace>] [--wait]',
  uninstall: 'helm uninstall <release> [-n <namespace>] [--keep-history]   (aliases un, delete, del)',
  test: 'helm test <release> [-n <namespace>] [--logs]',
  version: 'helm version [--short]',
};

/** The answer to `helm --help`, or to `helm <subcommand> --help`. */
export function helpText(defaultNamespace: string, subcommand?: string): string {
  const usage = subcommand ? USAGE[subcommand] : undefined;
  const lines = usage
    ? [`Usage: ${usage}`, '']
    : ['Usage: helm <subcommand> [flags]', '', 'Subcommands:', ...Object.values(USAGE).map((u) => `  ${u}`), ''];
  lines.push(
    `Commands that name no namespace run in ${defaultNamespace} (-n is added; -A lists all namespaces).`,
    'install, upgrade, rollback, uninstall and test show their progress as it comes.',
    'The agent keeps --filter for itself: to filter releases, use helm list -f <regex>.',
    'Flags that change the cluster or identity (--kubeconfig, --kube-context, --kube-token, --kube-as-user, …),',
    "helm's registry and repository files, and --post-renderer are refused.",
  );
  return lines.join('\n');
}

/** `helm --help` as a message. */
export function helpMessage(defaultNamespace: string, subcommand?: string): Message {
  return codeBlock(helpText(defaultNamespace, subcommand));
}

/** The section the agent's `help` command shows for helm. */
export function helpSections(): Message {
  return sections({
    header: 'Helm',
    description: 'Run helm against the cluster: list, status, history, get, install, upgrade, rollback, uninstall, test.',
    buttons: [
      commandButton('List releases', 'helm list -A', { description: true }),
      commandButton('helm version', 'helm version', { description: true }),
      commandButton('Help', 'helm --help', { description: true }),
    ],
  });
}
