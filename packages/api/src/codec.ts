/**
 * The wire form of messages and events: the JSON that Botkube's Go code puts
 * into the protocol's `bytes` fields, byte for byte.
 */
import { MessageJsonError } from './errors.js';
import type { Event } from './event.js';
import {
  ANY,
  BOOL,
  decodeStruct,
  encodeStruct,
  MAP,
  parseJson,
  ptrTo,
  STRING,
  sliceOf,
  struct,
  structOf,
  TIME,
} from './go-json.js';
import type { Message } from './message.js';

const body = struct(['codeBlock', STRING], ['plaintext', STRING]);
const optionItem = struct(['name', STRING], ['value', STRING]);
const optionGroup = struct(['name', STRING], ['options', sliceOf(structOf(optionItem))]);
const select = struct(
  ['type', STRING],
  ['name', STRING],
  ['command', STRING],
  ['optionGroups', sliceOf(structOf(optionGroup))],
  ['initialOption', ptrTo(optionItem)],
);
const labelInput = struct(['command', STRING], ['text', STRING], ['placeholder', STRING], ['dispatchedAction', STRING]);
const button = struct(
  ['description', STRING],
  ['descriptionStyle', STRING, { omitEmpty: false }],
  ['name', STRING],
  ['command', STRING],
  ['url', STRING],
  ['style', STRING],
);
const section = struct(
  ['style', structOf(struct(['divider', STRING]))],
  // Go's Base struct is embedded here, so its fields sit at the section's top level.
  ['header', STRING],
  ['description', STRING],
  ['body', structOf(body)],
  ['buttons', sliceOf(structOf(button))],
  [
    'multiSelect',
    structOf(
      struct(
        ['name', STRING],
        ['description', structOf(body)],
        ['command', STRING],
        ['options', sliceOf(structOf(optionItem))],
        ['initialOptions', sliceOf(structOf(optionItem))],
      ),
    ),
  ],
  ['selects', structOf(struct(['id', STRING], ['items', sliceOf(structOf(select))]))],
  ['plaintextInputs', sliceOf(structOf(labelInput))],
  ['textFields', sliceOf(structOf(struct(['key', STRING], ['value', STRING])))],
  ['bulletLists', sliceOf(structOf(struct(['title', STRING], ['items', sliceOf(STRING)])))],
  ['context', sliceOf(structOf(struct(['text', STRING])))],
);
const message = struct(
  ['type', STRING],
  ['baseBody', structOf(body)],
  ['timestamp', TIME],
  ['sections', sliceOf(structOf(section))],
  ['plaintextInputs', sliceOf(structOf(labelInput))],
  ['onlyVisibleForYou', BOOL],
  ['replaceOriginal', BOOL],
  ['userHandle', STRING],
  ['parentActivityId', STRING],
);
// Go's source.Event has no JSON tags: the keys are the Go field names, never omitted.
const event = struct(
  ['message', structOf(message), { key: 'Message', omitEmpty: false }],
  ['rawObject', ANY, { key: 'RawObject', omitEmpty: false }],
  ['analyticsLabels', MAP, { key: 'AnalyticsLabels', omitEmpty: false }],
);

/** The JSON that Go's `json.Marshal` writes for this message. */
export function encodeMessage(value: Message): string {
  return encodeStruct(message, value, 'message');
}

/**
 * Reads a message from JSON, as Go's `json.Unmarshal` would: empty input is an
 * empty message, unknown keys are ignored, and a wrong type is a
 * {@link MessageJsonError} that names the path.
 */
export function decodeMessage(json: string | Uint8Array): Message {
  if (json.length === 0) return {};
  return decodeStruct(message, parseJson(json, 'message'), 'message') as Message;
}

/** The JSON that Go's `json.Marshal` writes for this `source.Event`. */
export function encodeEvent(value: Event): string {
  return encodeStruct(event, value, 'event');
}

/** Reads a `source.Event` from JSON; empty input is an empty event. */
export function decodeEvent(json: string | Uint8Array): Event {
  if (json.length === 0) return { message: {} };
  const decoded = decodeStruct(event, parseJson(json, 'event'), 'event') as Partial<Event>;
  return { ...decoded, message: decoded.message ?? {} };
}

export { MessageJsonError };
