/**
 * Reads a helm command typed in chat into the argv helm runs with: which
 * subcommands run, which flags are refused, and the namespace added when
 * none is named.
 */
import { splitCommandWords } from '@chatkube/plugin';
import { HelmCommandRefusedError } from './errors.js';

/** The subcommands that run, by every name helm gives them, with their canonical name. */
const SUBCOMMANDS: Readonly<Record<string, string>> = {
  list: 'list',
  ls: 'list',
  status: 'status',
  history: 'history',
  hist: 'history',
  get: 'get',
  install: 'install',
  upgrade: 'upgrade',
  rollback: 'rollback',
  uninstall: 'uninstall',
  un: 'uninstall',
  delete: 'uninstall',
  del: 'uninstall',
  test: 'test',
  version: 'version',
};

const GET_TARGETS = ['all', 'hooks', 'manifest', 'notes', 'values'];

/** Operations that change a cluster and may take minutes: their progress is streamed. */
const LONG_RUNNING = new Set(['install', 'upgrade', 'rollback', 'uninstall', 'test']);

/**
 * Flags that would change which cluster, identity or credentials helm uses:
 * the agent decides those through the kubeconfig it sends.
 */
const IDENTITY_FLAGS = [
  '--kubeconfig',
  '--kube-context',
  '--kube-token',
  '--kube-as-user',
  '--kube-as-group',
  '--kube-apiserver',
  '--kube-ca-file',
  '--kube-tls-server-name',
  '--kube-insecure-skip-tls-verify',
  '--registry-config',
  '--repository-config',
  '--repository-cache',
];

/** Flags that make helm start another program on the agent's host. */
const PROGRAM_FLAGS = ['--post-renderer', '--post-renderer-args'];

/** Subcommands whose `-f`/`--values` name values files (for `list`, `-f` is its filter). */
const TAKES_VALUES = new Set(['install', 'upgrade']);

/** Short flags of install and upgrade that take a value: after one, the rest of the word is its value. */
const SHORT_WITH_VALUE = new Set(['f', 'n', 'o']);

/**
 * Where the value of `-f` starts in a word of short flags, or undefined when
 * the word sets no `-f`: pflag reads `-if x` as `-i -f x` and `-gf=x` as
 * `-g -f x`, so `-f` may come after switches.
 */
function shortValuesAt(word: string): number | undefined {
  if (!/^-[^-]/.test(word)) return undefined;
  for (let i = 1; i < word.length; i++) {
    const letter = word.charAt(i);
    if (letter === 'f') return i + 1;
    if (letter === '=' || SHORT_WITH_VALUE.has(letter)) return undefined;
  }
  return undefined;
}

/**
 * Why a values file named by `--values`/`-f` may not be read, or undefined.
 * helm reads it from the agent's host or network, and what it reads is
 * stored in the release, where `helm get values` shows it: a path would read
 * the host's files, a URL its network (cloud metadata, loopback services).
 * Only http(s) URLs of the hosts the config lists (`allowedValuesHosts`) may
 * be named.
 */
function refusedValuesFile(flag: string, file: string, allowedHosts: readonly string[]): string | undefined {
  const url = URL.canParse(file) ? new URL(file) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    return `${flag} ${JSON.stringify(file)}: values files are read on the agent's host; name them by http(s) URL of a host the helm config allows (allowedValuesHosts), or use --set`;
  if (!allowedHosts.includes(url.hostname.toLowerCase()))
    return `${flag} ${JSON.stringify(file)}: ${url.hostname} is not in the helm config's allowedValuesHosts (${allowedHosts.join(', ') || 'none'}): helm would fetch it from the agent's network`;
  return undefined;
}

/** Why the values files or `--set-file` of the arguments may not be read, or undefined. */
function refusedFiles(subcommand: string, args: readonly string[], allowedHosts: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    const name = flagName(word);
    if (name === '--set-file') return `${name}: it reads a file on the agent's host into the release's values`;
    if (!TAKES_VALUES.has(subcommand)) continue;
    let value: string | undefined;
    if (name === '--values') {
      value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : args[++i];
    } else {
      const at = shortValuesAt(word);
      if (at === undefined) continue;
      const rest = word.slice(at).replace(/^=/, '');
      value = rest !== '' ? rest : args[++i];
    }
    for (const file of (value ?? '').split(',')) {
      const refused = refusedValuesFile(name === '--values' ? '--values' : '-f', file, allowedHosts);
      if (refused) return refused;
    }
  }
  return undefined;
}

/** A word of install or upgrade that names something on the agent's host: a chart folder or archive. */
const LOCAL_PATH = /^(?:\/|\.|~|file:)/i;

export type HelmRequest =
  | { kind: 'help'; subcommand?: string }
  | {
      kind: 'run';
      /** Canonical subcommand name (`list` for `ls`). */
      subcommand: string;
      /** helm's arguments, the namespace added. */
      args: string[];
      /** Whether progress is streamed. */
      long: boolean;
    };

const isHelp = (word: string): boolean => word === '-h' || word === '--help';
const flagName = (word: string): string => word.split('=', 1)[0] ?? word;

/** Whether the arguments name a namespace, or all of them. */
function namesNamespace(args: readonly string[]): boolean {
  return args.some(
    (word) =>
      word === '-A' ||
      flagName(word) === '--all-namespaces' ||
      flagName(word) === '--namespace' ||
      // -n ns, -nns, -n=ns
      word.startsWith('-n'),
  );
}

export interface ParseOptions {
  /** Added as `-n` when the command names no namespace. */
  defaultNamespace: string;
  /** Hosts whose http(s) URLs may be values files (lower case). */
  allowedValuesHosts: readonly string[];
}

/**
 * Parses `command` (starting with the plugin's name, `helm …`).
 *
 * @throws HelmCommandRefusedError naming the subcommand or flag refused.
 * @throws CommandWordsError for a command that does not split into words.
 */
export function parseHelmCommand(command: string, { defaultNamespace, allowedValuesHosts }: ParseOptions): HelmRequest {
  const [, first, ...rest] = splitCommandWords(command);
  if (first === undefined || first === 'help' || isHelp(first)) return { kind: 'help' };
  const subcommand = SUBCOMMANDS[first];
  if (subcommand === undefined) {
    if (first.startsWith('-')) {
      throw new HelmCommandRefusedError(`put the subcommand first: helm <subcommand> [flags], not helm ${first} …`);
    }
    throw new HelmCommandRefusedError(
      `helm ${first} is not supported here; supported: list, status, history, get, install, upgrade, rollback, uninstall, test, version (helm --help)`,
    );
  }
  if (rest.some(isHelp)) return { kind: 'help', subcommand };
  for (const word of rest) {
    const name = flagName(word);
    if (IDENTITY_FLAGS.includes(name)) {
      throw new HelmCommandRefusedError(
        `the flag ${name} is not allowed: it changes which cluster or identity helm uses, which the agent decides`,
      );
    }
    if (PROGRAM_FLAGS.includes(name)) {
      throw new HelmCommandRefusedError(`the flag ${name} is not allowed: it runs another program on the agent's host`);
    }
  }
  const refused = refusedFiles(subcommand, rest, allowedValuesHosts);
  if (refused) throw new HelmCommandRefusedError(`not allowed: ${refused}`);
  const local = TAKES_VALUES.has(subcommand) ? rest.find((word) => LOCAL_PATH.test(word)) : undefined;
  if (local !== undefined) {
    throw new HelmCommandRefusedError(
      `not allowed: ${JSON.stringify(local)} names a chart on the agent's host; name charts by repository (repo/chart), URL or OCI reference`,
    );
  }
  if (subcommand === 'get') {
    const target = rest[0];
    if (target === undefined || !GET_TARGETS.includes(target)) {
      const got = target === undefined ? 'nothing' : JSON.stringify(target);
      throw new HelmCommandRefusedError(`helm get takes one of ${GET_TARGETS.join(', ')}, then a release; got ${got}`);
    }
  }
  const args = [first, ...rest];
  if (subcommand !== 'version' && !namesNamespace(rest)) args.push('-n', defaultNamespace);
  return { kind: 'run', subcommand, args, long: LONG_RUNNING.has(subcommand) };
}
