/**
 * The interactive command builder, as Botkube's: `kubectl` alone, or
 * `kubectl @builder --verbs get --resource-type pods --namespace default
 * --resource-name web`, answers with drop-downs for verb, resource type,
 * namespace and name, a preview of the command and a button that runs it.
 * Each drop-down's command carries the choices made so far, so the builder
 * keeps no state: choosing an option sends the next `@builder` command.
 */

import type { Message, OptionItem } from '@chatkube/api';
import { codeBlock, commandButton, options, type Section, type Select, staticSelect } from '@chatkube/api';
import type { KubectlConfig } from './config.js';
import { canonicalResource } from './resources.js';

/** The builder's choices so far. */
export interface BuilderState {
  verb?: string;
  resourceType?: string;
  namespace?: string;
  resourceName?: string;
}

/** Lists things by running kubectl; an empty list when it cannot. */
export type Lister = (args: string[]) => Promise<string[]>;

const FLAGS: Record<string, keyof BuilderState> = {
  '--verbs': 'verb',
  '--resource-type': 'resourceType',
  '--namespace': 'namespace',
  '--resource-name': 'resourceName',
};

/** Verbs that ask about no resource. */
const NO_RESOURCE = new Set(['api-resources', 'api-versions', 'cluster-info']);
/** Resource types that live in no namespace. */
const CLUSTER_SCOPED = new Set([
  'nodes',
  'namespaces',
  'storageclasses',
  'persistentvolumes',
  'customresourcedefinitions',
  'clusterroles',
  'clusterrolebindings',
]);
/** Slack shows at most 100 options in one drop-down. */
const MAX_OPTIONS = 100;

/** The state of `@builder --verbs get --resource-type pods …` (the words after `@builder`). */
export function parseBuilder(words: readonly string[]): BuilderState {
  const state: BuilderState = {};
  for (let i = 0; i < words.length; i++) {
    const key = FLAGS[words[i] ?? ''];
    const value = words[i + 1];
    if (key && value !== undefined && !value.startsWith('--')) {
      state[key] = value;
      i++;
    }
  }
  return state;
}

const builderCommand = (state: BuilderState, next: string): string => {
  const parts = ['kubectl @builder'];
  if (state.verb) parts.push('--verbs', state.verb);
  if (state.resourceType) parts.push('--resource-type', state.resourceType);
  if (state.namespace) parts.push('--namespace', state.namespace);
  return `${parts.join(' ')} ${next}`;
};

function select(name: string, command: string, values: string[], chosen: string | undefined): Select {
  const items: OptionItem[] = options(...values.slice(0, MAX_OPTIONS));
  const initial = chosen ? items.find((item) => item.value === chosen) : undefined;
  return staticSelect(name, command, [{ name, options: items }], initial);
}

/** The command the choices make, or undefined while something is missing. */
export function builtCommand(state: BuilderState, config: KubectlConfig): string | undefined {
  const { verb, resourceType, namespace, resourceName } = state;
  if (!verb) return undefined;
  if (NO_RESOURCE.has(verb)) return `kubectl ${verb}`;
  if (!resourceType) return undefined;
  if (verb === 'explain') return `kubectl explain ${resourceType}`;
  if (verb === 'logs' && !resourceName) return undefined;
  const parts = ['kubectl', verb, resourceType];
  if (resourceName) parts.push(resourceName);
  if (!CLUSTER_SCOPED.has(canonicalResource(resourceType))) parts.push('-n', namespace ?? config.defaultNamespace);
  return parts.join(' ');
}

/** The builder's message for the choices made so far. */
export async function builderMessage(state: BuilderState, config: KubectlConfig, list: Lister): Promise<Message> {
  const allowed = config.interactiveBuilder.allowed;
  const verbs = allowed.verbs.filter((verb) => config.allowed.verbs.includes(verb));
  const items: Select[] = [select('Select command', builderCommand({}, '--verbs'), verbs, state.verb)];
  const { verb, resourceType } = state;
  if (verb && !NO_RESOURCE.has(verb)) {
    const resources = verb === 'logs' ? ['pods'] : allowed.resources;
    items.push(select('Select resource', builderCommand({ verb }, '--resource-type'), resources, resourceType));
  }
  if (verb && resourceType && verb !== 'explain') {
    const namespaced = !CLUSTER_SCOPED.has(canonicalResource(resourceType));
    const namespace = state.namespace ?? config.defaultNamespace;
    if (namespaced) {
      const namespaces =
        allowed.namespaces.length > 0
          ? allowed.namespaces
          : (await list(['get', 'namespaces', '-o', 'name'])).map((name) => name.replace(/^namespace\//, ''));
      const choices = namespaces.includes(namespace) ? namespaces : [namespace, ...namespaces];
      items.push(select('Select namespace', builderCommand({ verb, resourceType }, '--namespace'), choices, namespace));
    }
    const names = (await list(['get', resourceType, '-o', 'name', ...(namespaced ? ['-n', namespace] : [])])).map((name) =>
      name.replace(/^[^/]*\//, ''),
    );
    if (names.length > 0) {
      items.push(
        select('Select name', builderCommand({ verb, resourceType, namespace }, '--resource-name'), names, state.resourceName),
      );
    }
  }
  const sections: Section[] = [{ selects: { id: 'kubectl-builder', items } }];
  const command = builtCommand(state, config);
  if (command) {
    sections.push({
      body: codeBlock(command).baseBody ?? {},
      buttons: [commandButton('Run command', command, { style: 'primary' })],
    });
  } else {
    sections.push({ context: [{ text: 'Choose from the lists above to build a kubectl command.' }] });
  }
  return { sections };
}
