/**
 * The rich message model shared by plugins, the agent and every chat platform.
 *
 * The shapes mirror Botkube's Go `api.Message` so that the JSON on the wire is
 * what Go's `encoding/json` produces and accepts (see {@link encodeMessage}).
 * Every field is optional here: an absent field is Go's zero value.
 *
 * @packageDocumentation
 */

/** How a chat platform should treat a message. */
export type MessageType =
  /** Render normally. */
  | ''
  /** Only `baseBody` counts; the agent applies `--filter` to it. */
  | 'baseBodyWithFilter'
  /** An event card for non-interactive platforms: one section, no interactive elements. */
  | 'nonInteractiveEventSingleSection'
  /** A popup form where the platform has one (Slack modal after a click). */
  | 'form'
  /** Send in the thread of the triggering message. */
  | 'threadMessage'
  /** Send nothing. An empty message of another type shows as an empty answer. */
  | 'skipMessage'
  /** Teams only: a card with its buttons in a separate message. */
  | 'basicCardWithButtonsInSeparateMessage';

/** A code block and/or plain text. */
export interface Body {
  codeBlock?: string;
  plaintext?: string;
}

/** A whole answer or event card. */
export interface Message {
  type?: MessageType;
  baseBody?: Body;
  /** RFC 3339. Absent means Go's zero time, `0001-01-01T00:00:00Z`. */
  timestamp?: string;
  sections?: Section[];
  plaintextInputs?: LabelInput[];
  /** Slack: show to the caller only. */
  onlyVisibleForYou?: boolean;
  /** Slack: replace the message that held the clicked button. */
  replaceOriginal?: boolean;
  /** Post to this user instead of the channel. */
  userHandle?: string;
  /** Post into this thread. */
  parentActivityId?: string;
}

/** `divider: 'none'` removes the line drawn above a section. */
export interface SectionStyle {
  divider?: '' | 'none';
}

/** One block of a message. */
export interface Section {
  style?: SectionStyle;
  header?: string;
  description?: string;
  body?: Body;
  buttons?: Button[];
  multiSelect?: MultiSelect;
  selects?: Selects;
  plaintextInputs?: LabelInput[];
  textFields?: TextField[];
  bulletLists?: BulletList[];
  context?: ContextItem[];
}

export type ButtonStyle = '' | 'primary' | 'danger';

/** How a button's description renders; empty means a code block. */
export type ButtonDescriptionStyle = '' | 'bold' | 'italic' | 'text' | 'code';

/** A button that runs `command` in the channel, or opens `url`. */
export interface Button {
  description?: string;
  descriptionStyle?: ButtonDescriptionStyle;
  name?: string;
  command?: string;
  url?: string;
  style?: ButtonStyle;
}

export interface Selects {
  /** Identifies the block when the platform updates it. */
  id?: string;
  items?: Select[];
}

/** A drop-down; choosing an option runs `command + ' ' + value`. */
export interface Select {
  type?: 'static' | 'external' | '';
  name?: string;
  command?: string;
  optionGroups?: OptionGroup[];
  initialOption?: OptionItem;
}

export interface OptionGroup {
  name?: string;
  options?: OptionItem[];
}

export interface OptionItem {
  name?: string;
  value?: string;
}

/** A multi-choice drop-down; a change runs `command + ' ' + values.join(',')`. */
export interface MultiSelect {
  name?: string;
  description?: Body;
  command?: string;
  options?: OptionItem[];
  initialOptions?: OptionItem[];
}

/** When a text input sends its value. */
export type DispatchedInputAction = '' | 'on_enter_pressed' | 'on_character_entered';

/** A text input; its value is sent as `command + JSON-quoted value`. */
export interface LabelInput {
  command?: string;
  text?: string;
  placeholder?: string;
  dispatchedAction?: DispatchedInputAction;
}

export interface TextField {
  key?: string;
  value?: string;
}

export interface BulletList {
  title?: string;
  items?: string[];
}

export interface ContextItem {
  text?: string;
}

/** Go's zero `time.Time` as `encoding/json` writes it. */
export const ZERO_TIMESTAMP = '0001-01-01T00:00:00Z';

/** Replaced by the bot's mention on each platform before a message is sent. */
export const BOT_NAME_PLACEHOLDER = '{{BotName}}';
