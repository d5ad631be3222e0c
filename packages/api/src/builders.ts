/**
 * Builders for the common shapes of a message. Commands on buttons, selects
 * and inputs are prefixed with `{{BotName}} `, which each platform replaces
 * with the bot's mention, as Botkube's builders do.
 */
import type {
  Button,
  ButtonDescriptionStyle,
  ButtonStyle,
  DispatchedInputAction,
  LabelInput,
  Message,
  MultiSelect,
  OptionGroup,
  OptionItem,
  Section,
  Select,
} from './message.js';
import { BOT_NAME_PLACEHOLDER } from './message.js';

export interface BodyOptions {
  /** Let the agent apply `--filter` to the text (type `baseBodyWithFilter`). */
  filter?: boolean;
}

const withBot = (command: string): string => `${BOT_NAME_PLACEHOLDER} ${command}`;

/** A message whose body is a code block. */
export function codeBlock(text: string, options: BodyOptions = {}): Message {
  return options.filter ? { type: 'baseBodyWithFilter', baseBody: { codeBlock: text } } : { baseBody: { codeBlock: text } };
}

/** A message whose body is plain text. */
export function plaintext(text: string, options: BodyOptions = {}): Message {
  return options.filter ? { type: 'baseBodyWithFilter', baseBody: { plaintext: text } } : { baseBody: { plaintext: text } };
}

/** A message made of sections. */
export function sections(...items: Section[]): Message {
  return { sections: items };
}

export interface CommandButtonOptions {
  /** Text shown beside the button; `true` shows the command itself. */
  description?: string | true;
  descriptionStyle?: ButtonDescriptionStyle;
  style?: ButtonStyle;
}

/** A button that runs `command` (written without the bot's name). */
export function commandButton(name: string, command: string, options: CommandButtonOptions = {}): Button {
  const button: Button = { name, command: withBot(command) };
  if (options.description !== undefined) {
    button.description = options.description === true ? withBot(command) : options.description;
    button.descriptionStyle = options.descriptionStyle ?? (options.description === true ? 'code' : 'bold');
  }
  if (options.style) button.style = options.style;
  return button;
}

/** A button that opens `url`. */
export function urlButton(name: string, url: string, style?: ButtonStyle): Button {
  return style ? { name, url, style } : { name, url };
}

/** Options from `[name, value]` pairs or plain values. */
export function options(...items: (string | readonly [name: string, value: string])[]): OptionItem[] {
  return items.map((item) => (typeof item === 'string' ? { name: item, value: item } : { name: item[0], value: item[1] }));
}

/** A drop-down whose choice runs `command <value>`. */
export function staticSelect(name: string, command: string, groups: OptionGroup[], initial?: OptionItem): Select {
  const select: Select = { type: 'static', name, command: withBot(command), optionGroups: groups };
  if (initial) select.initialOption = initial;
  return select;
}

/** A multi-choice drop-down whose change runs `command <v1,v2,…>`. */
export function multiSelect(name: string, command: string, choices: OptionItem[], initial?: OptionItem[]): MultiSelect {
  const select: MultiSelect = { name, command: withBot(command), options: choices };
  if (initial?.length) select.initialOptions = initial;
  return select;
}

export interface InputOptions {
  placeholder?: string;
  dispatchedAction?: DispatchedInputAction;
}

/** A text input labelled `text` whose value runs `command "<value>"`. */
export function textInput(text: string, command: string, options: InputOptions = {}): LabelInput {
  return {
    command: withBot(command),
    text,
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
    dispatchedAction: options.dispatchedAction ?? 'on_enter_pressed',
  };
}
