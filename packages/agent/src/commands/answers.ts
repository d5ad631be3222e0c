/**
 * Shapes a plugin's answer as Botkube does: `skipMessage` sends nothing,
 * `baseBodyWithFilter` keeps only the body (filtered by `--filter`, with a
 * filter box under long output where the platform is interactive), and an
 * empty answer says so rather than posting nothing.
 */
import { BOT_NAME_PLACEHOLDER, type Message, ZERO_TIMESTAMP } from '@chatkube/api';
import { filterMessage, offersFilterInput } from './index.js';

export const EMPTY_ANSWER = 'The command answered nothing.';

export interface ShapeOptions {
  filter: string | undefined;
  interactive: boolean;
  /** The command as run, for the filter box's command. */
  command: string;
  /** One of the extra messages after the first: an empty one is dropped. */
  extra?: boolean;
}

export function isEmptyMessage(message: Message): boolean {
  return (
    !message.baseBody?.codeBlock &&
    !message.baseBody?.plaintext &&
    !message.sections?.length &&
    !message.plaintextInputs?.length &&
    (!message.timestamp || message.timestamp === ZERO_TIMESTAMP)
  );
}

export function shapeAnswer(message: Message, options: ShapeOptions): Message | undefined {
  if (message.type === 'skipMessage') return undefined;
  let shaped = message;
  if (message.type === 'baseBodyWithFilter') {
    shaped = filterMessage(message, options.filter ?? '');
    const { codeBlock, plaintext } = shaped.baseBody ?? {};
    if (options.interactive && offersFilterInput(codeBlock ?? plaintext ?? '')) {
      shaped.plaintextInputs = [
        {
          command: `${BOT_NAME_PLACEHOLDER} ${options.command} --filter=`,
          text: 'Filter output',
          placeholder: 'Show only the lines that contain…',
          dispatchedAction: 'on_enter_pressed',
        },
      ];
    }
  }
  if (isEmptyMessage(shaped)) return options.extra ? undefined : { baseBody: { plaintext: EMPTY_ANSWER } };
  return shaped;
}
