/**
 * Botkube's event card: one section (header `<emoji> <title>`, text fields,
 * bullet lists), and on interactive platforms a second one with the
 * "Run command..." select and the extra buttons.
 */
import { BOT_NAME_PLACEHOLDER, type Button, type Message, type Section, type Select, type TextField } from '@chatkube/api';
import { parseTemplate, type Template } from '@chatkube/gotemplate';
import type { ExtraButton, KubernetesConfig, MessageTemplate } from './config.js';
import type { KubeEvent, Level } from './kube-event.js';

const EMOJI: Record<Level, string> = { success: '🟢', info: '💡', error: '❗' };

/** Something that reports a problem once per distinct text. */
export type Warn = (text: string) => void;

const textFields = (event: KubeEvent): TextField[] =>
  (
    [
      ['Kind', event.Kind],
      ['Name', event.Name],
      ['Namespace', event.Namespace],
      ['Reason', event.Reason],
      ['Action', event.Action],
      ['Cluster', event.Cluster],
    ] as const
  )
    .filter(([, value]) => value !== '')
    .map(([key, value]) => ({ key, value }));

function baseSection(event: KubeEvent, rendered: { title?: string; body?: string }): Section {
  const section: Section = { header: `${EMOJI[event.Level]} ${rendered.title ?? event.Title}` };
  if (rendered.body !== undefined && rendered.body !== '') section.body = { plaintext: rendered.body };
  const fields = textFields(event);
  if (fields.length > 0) section.textFields = fields;
  const lists = (
    [
      ['Messages', event.Messages],
      ['Recommendations', event.Recommendations],
      ['Warnings', event.Warnings],
    ] as const
  ).flatMap(([title, items]) => (items && items.length > 0 ? [{ title, items: [...items] }] : []));
  if (lists.length > 0) section.bulletLists = lists;
  return section;
}

// Verbs kubectl writes as `<verb> <plural>/<name>` (kubectl's own resource/name form).
const SLASH_VERBS: Record<string, readonly string[]> = {
  pods: ['logs'],
  jobs: ['logs'],
  deployments: ['logs'],
  statefulsets: ['logs'],
  replicasets: ['logs'],
  daemonsets: ['logs'],
};
// Verbs that take a resource besides get and describe (every API resource has those two).
const EXTRA_VERBS: Record<string, readonly string[]> = { nodes: ['cordon', 'uncordon', 'drain', 'top'], pods: ['top'] };
const RESOURCE_VERBS = ['get', 'describe'];

/**
 * The "Run command..." options as Botkube's commander builds them: sorted
 * verbs, none for delete events; `get pods web --namespace ns`, `logs pods/web …`.
 * Without API discovery, every resource takes get and describe.
 */
export function commandOptions(event: KubeEvent, commands: KubernetesConfig['commands']): { name: string; value: string }[] {
  if (event.Type === 'delete') return [];
  const plural = event.Resource.split('/').at(-1) ?? '';
  if (!commands.resources.includes(plural)) return [];
  const namespace = event.Namespace ? ` --namespace ${event.Namespace}` : '';
  return [...commands.verbs]
    .filter((verb) => verb !== 'delete')
    .sort()
    .flatMap((verb) => {
      if (RESOURCE_VERBS.includes(verb) || EXTRA_VERBS[plural]?.includes(verb)) {
        return [{ name: verb, value: `${verb} ${plural} ${event.Name}${namespace}` }];
      }
      if (SLASH_VERBS[plural]?.includes(verb)) return [{ name: verb, value: `${verb} ${plural}/${event.Name}${namespace}` }];
      return [];
    });
}

/** Parsed templates of one source group, reused for every event. */
export class CardTemplates {
  readonly #cache = new Map<string, Template | Error>();

  constructor(private readonly warn: Warn) {}

  /** Renders `text` over the event; undefined (and one warning) if it does not parse or execute. */
  render(text: string, name: string, event: KubeEvent): string | undefined {
    let template = this.#cache.get(`${name}\u0000${text}`);
    if (template === undefined) {
      try {
        template = parseTemplate(text, name);
      } catch (error) {
        template = error as Error;
      }
      this.#cache.set(`${name}\u0000${text}`, template);
    }
    if (template instanceof Error) {
      this.warn(`${name} is not a valid template, so it is left out: ${template.message}`);
      return undefined;
    }
    try {
      return template.execute(event);
    } catch (error) {
      this.warn(`${name} failed on a ${event.Type} event of ${event.Resource}, so it is left out: ${(error as Error).message}`);
      return undefined;
    }
  }
}

function extraButtons(event: KubeEvent, buttons: ExtraButton[], templates: CardTemplates): Button[] {
  return buttons.flatMap((button, index): Button[] => {
    if (!button.enabled) return [];
    const types = (button.trigger?.type ?? []).map((type) => type.toLowerCase());
    if (!types.includes(event.Type)) return [];
    const name = button.button?.displayName ?? '';
    const template = button.button?.commandTpl ?? '';
    if (name === '' || template === '') return [];
    const command = templates.render(template, `extraButtons[${index}].commandTpl`, event);
    return command === undefined ? [] : [{ name, command: `${BOT_NAME_PLACEHOLDER} ${command}`, style: 'primary' }];
  });
}

export interface CardOptions {
  interactive: boolean;
  config: Pick<KubernetesConfig, 'commands' | 'extraButtons'>;
  templates: CardTemplates;
  /** The matched resource's own message template. */
  messageTemplate?: MessageTemplate | undefined;
}

/** The message for `event`. */
export function eventCard(event: KubeEvent, options: CardOptions): Message {
  const rendered: { title?: string; body?: string } = {};
  const { messageTemplate, templates } = options;
  if (messageTemplate?.title) {
    const title = templates.render(messageTemplate.title, `${event.Resource} messageTemplate.title`, event);
    if (title !== undefined) rendered.title = title;
  }
  if (messageTemplate?.body) {
    const body = templates.render(messageTemplate.body, `${event.Resource} messageTemplate.body`, event);
    if (body !== undefined) rendered.body = body;
  }
  const message: Message = { timestamp: event.TimeStamp, sections: [baseSection(event, rendered)] };
  if (!options.interactive) return { type: 'nonInteractiveEventSingleSection', ...message };
  const commands = commandOptions(event, options.config.commands);
  const buttons = extraButtons(event, options.config.extraButtons, templates);
  if (commands.length > 0 || buttons.length > 0) {
    const section: Section = {};
    if (buttons.length > 0) section.buttons = buttons;
    if (commands.length > 0) {
      // No type, as Botkube's commander: Go writes "" and platforms show a static select.
      const select: Select = {
        name: 'Run command...',
        command: `${BOT_NAME_PLACEHOLDER} kubectl`,
        optionGroups: [{ name: 'Supported commands', options: commands }],
      };
      section.selects = { items: [select] };
    }
    message.sections?.push(section);
  }
  return message;
}
