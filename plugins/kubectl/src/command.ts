/**
 * Reads a kubectl command's words as kubectl's flag parser would, refuses
 * what the plugin never runs, and gives the arguments it will run, with
 * `-n <defaultNamespace>` where the command names no namespace.
 */
import type { KubectlConfig } from './config.js';
import { KubectlRefusedError } from './errors.js';
import { FORBIDDEN_LONG, FORBIDDEN_SHORT, SHORT_SWITCH_BY_VERB, SWITCH_LONG, VALUE_LONG, VALUE_SHORT } from './flags.js';
import { canonicalResource, isSecretType } from './resources.js';

/** Verbs never run, whatever `allowed.verbs` says: they wait for a terminal, open ports, or copy files. */
export const FORBIDDEN_VERBS: ReadonlyMap<string, string> = new Map([
  ...['edit', 'attach', 'port-forward', 'proxy', 'cp', 'copy', 'debug', 'replace', 'wait', 'kustomize', 'completion'].map(
    (verb): [string, string] => [verb, 'it needs a terminal, opens ports or copies files, which a chat cannot do safely'],
  ),
  ['config', "it shows and changes kubeconfig files, credentials included, on the plugin's host"],
  ['plugin', "it lists programs on the plugin's host"],
]);

/** Verbs that ask no namespaced question: no `-n` is added to them. */
const CLUSTER_VERBS = new Set(['api-resources', 'api-versions', 'cluster-info', 'explain', 'version', 'options']);
/** Verbs that take a terminal with `-i`/`-t`. */
const TERMINAL_VERBS = new Set(['exec', 'run', 'attach']);
/** Flags accepted before the verb; any other flag goes after it. */
const BEFORE_VERB = new Set(['namespace', 'n', 'request-timeout']);

export interface KubectlCommand {
  /** The arguments kubectl runs with (without `kubectl`). */
  args: string[];
  verb: string;
  /** The words after the verb that are not flags or flag values. */
  positionals: string[];
  /** The resource types the command names, canonical (`pods`, `secrets`). */
  resources: string[];
  /** `-o` as given, or `''`. */
  output: string;
  /** `--sort-by` as given, or `''`. */
  sortBy: string;
  /** `--template` was given (kubectl then prints with a Go template). */
  template: boolean;
  /** `logs -f` or `--watch`: output goes on until stopped. */
  streams: boolean;
  /** Some word of the command may name Secrets. */
  mentionsSecrets: boolean;
}

interface Flag {
  name: string;
  value?: string;
}

function refuse(message: string): never {
  throw new KubectlRefusedError(message);
}

/** The spellings of true that Go's strconv.ParseBool, and so kubectl's flag parser, accepts. */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const isTrue = (flag: Flag): boolean => flag.value === undefined || GO_TRUE.has(flag.value);

/**
 * Reads one flag word (and, when it takes one, the next word as its value).
 * Returns the flags it holds and how many words it used.
 */
function readFlag(word: string, next: string | undefined, verb: string | undefined): { flags: Flag[]; used: number } {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    // kubectl's flag parser reads `_` in a flag's name as `-` (--as_group is --as-group).
    const name = (eq < 0 ? word.slice(2) : word.slice(2, eq)).replaceAll('_', '-');
    const reason = FORBIDDEN_LONG.get(name);
    if (reason) refuse(`The flag --${name} is not allowed: ${reason}.`);
    if (eq >= 0) return { flags: [{ name, value: word.slice(eq + 1) }], used: 1 };
    if (SWITCH_LONG.has(name)) return { flags: [{ name }], used: 1 };
    if (VALUE_LONG.has(name)) {
      if (next === undefined) refuse(`The flag --${name} needs a value.`);
      return { flags: [{ name, value: next }], used: 2 };
    }
    // Whether an unknown flag takes the next word decides what kubectl runs: make the user say.
    return refuse(
      `The flag --${name} is not one this plugin knows: write it as --${name}=<value> (--${name}=true for a switch).`,
    );
  }
  const flags: Flag[] = [];
  const switches = (verb && SHORT_SWITCH_BY_VERB[verb]) || new Set<string>();
  for (let i = 1; i < word.length; i++) {
    const letter = word.charAt(i);
    if (letter === '=') refuse(`The flag ${word} is not a flag kubectl reads.`);
    if (!switches.has(letter)) {
      const reason = FORBIDDEN_SHORT.get(letter);
      if (reason) refuse(`The flag -${letter} is not allowed: ${reason}.`);
    }
    if (VALUE_SHORT.has(letter) && !switches.has(letter)) {
      const rest = word.slice(i + 1).replace(/^=/, '');
      if (rest !== '') return { flags: [...flags, { name: letter, value: rest }], used: 1 };
      if (next === undefined) refuse(`The flag -${letter} needs a value.`);
      return { flags: [...flags, { name: letter, value: next }], used: 2 };
    }
    flags.push({ name: letter });
  }
  return { flags, used: 1 };
}

/** The resource types of a command's positional words, by verb. */
function resourceTypes(verb: string, positionals: readonly string[]): string[] {
  const typeOf = (word: string): string => canonicalResource(word.split('/')[0] ?? '');
  const first = positionals[0];
  switch (verb) {
    case 'api-resources':
    case 'api-versions':
    case 'cluster-info':
    case 'version':
    case 'options':
    case 'auth':
      return [];
    case 'top':
      return first ? [canonicalResource(first)] : [];
    case 'logs':
    case 'exec':
    case 'attach':
    case 'port-forward':
      return first ? [first.includes('/') ? typeOf(first) : 'pods'] : [];
    case 'explain':
      return first ? [canonicalResource(first.split('.')[0] ?? '')] : [];
    case 'rollout':
    case 'set':
      return positionals[1]
        ? positionals
            .slice(1)
            .filter((w) => w.includes('/') || w === positionals[1])
            .map(typeOf)
        : [];
    case 'cordon':
    case 'uncordon':
    case 'drain':
    case 'taint':
      return ['nodes'];
    default:
      if (!first) return [];
      if (first.includes('/')) return positionals.map(typeOf);
      return first.split(',').map((type) => canonicalResource(type));
  }
}

/**
 * Checks a command (its words after `kubectl`) and gives what will run.
 *
 * @throws KubectlRefusedError naming the flag, verb or resource refused.
 */
export function readCommand(words: readonly string[], config: KubectlConfig): KubectlCommand {
  const flags: Flag[] = [];
  const positionals: string[] = [];
  let verb: string | undefined;
  let verbAt = -1;
  for (let i = 0; i < words.length; ) {
    const word = words[i] as string;
    if (word === '--') {
      // After it kubectl reads no flag: the words are arguments (exec: the container's command).
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('-') && word !== '-') {
      const read = readFlag(word, words[i + 1], verb);
      if (verb === undefined && read.flags.some((flag) => !BEFORE_VERB.has(flag.name))) {
        refuse(`Put the flag ${word} after the verb: kubectl <verb> … ${word}.`);
      }
      flags.push(...read.flags);
      i += read.used;
      continue;
    }
    if (verb === undefined) {
      verb = word;
      verbAt = i;
    } else {
      positionals.push(word);
    }
    i++;
  }
  if (verb === undefined) return refuse('Please specify the kubectl command, for example `kubectl get pods`.');
  const forbidden = FORBIDDEN_VERBS.get(verb);
  if (forbidden) refuse(`The verb ${verb} is not allowed: ${forbidden}.`);
  if (!config.allowed.verbs.includes(verb)) {
    refuse(`The verb ${verb} is not allowed here. Allowed verbs: ${config.allowed.verbs.join(', ') || 'none'}.`);
  }
  if (TERMINAL_VERBS.has(verb)) {
    const terminal = flags.find((flag) => ['i', 't', 'stdin', 'tty', 'attach'].includes(flag.name) && isTrue(flag));
    if (terminal)
      refuse(`The flag ${terminal.name.length === 1 ? '-' : '--'}${terminal.name} is not allowed: a chat is not a terminal.`);
  }
  const resources = resourceTypes(verb, positionals);
  const allowedResources = config.allowed.resources.map(canonicalResource);
  if (allowedResources.length > 0) {
    const refused = resources.find((type) => !allowedResources.includes(type));
    if (refused) {
      refuse(`The resource type ${refused} is not allowed here. Allowed resources: ${config.allowed.resources.join(', ')}.`);
    }
  }
  const named = (...names: string[]) => flags.filter((flag) => names.includes(flag.name));
  const output = named('o', 'output').at(-1)?.value ?? '';
  const streams = named('w', 'watch', 'watch-only').some(isTrue) || (verb === 'logs' && named('f', 'follow').some(isTrue));
  const namespaceGiven = named('n', 'namespace', 'A', 'all-namespaces').length > 0;
  const mentionsSecrets =
    resources.includes('secrets') ||
    words.some((word) => word.split(/[,=\s]/).some((part) => isSecretType(part.split('/')[0] ?? '')));
  const args = [...words];
  if (!namespaceGiven && !CLUSTER_VERBS.has(verb)) args.splice(verbAt + 1, 0, '-n', config.defaultNamespace);
  const sortBy = named('sort-by').at(-1)?.value ?? '';
  return {
    args,
    verb,
    positionals,
    resources,
    output,
    sortBy,
    template: named('template').length > 0,
    streams,
    mentionsSecrets,
  };
}
