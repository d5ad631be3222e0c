/**
 * The webhook source: turns what is posted to the agent's incoming webhook,
 * `POST /sources/v1/{source}`, into a notification. The body is JSON:
 *
 * - `{"message": {…}}`: a whole chatkube/Botkube message, shown as it is;
 * - `{"title"?, "text"?, "fields"?: {name: value}}`: a card built from those;
 * - anything else: the JSON itself, pretty-printed in a code block.
 *
 * The body is the event's raw object: what sinks get and actions see as `.Event`.
 */
import { decodeMessage, type Event, type Message, mergeConfigs, type SourcePlugin } from '@chatkube/api';

export interface WebhookConfig {
  /** The header of cards that have no title of their own. */
  title: string;
}

export const version = '0.1.0';

const defaults: WebhookConfig = { title: 'Incoming webhook' };
const MAX_FIELDS = 50;

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'webhook',
  description: 'Configuration of the webhook source.',
  type: 'object',
  properties: { title: { type: 'string', default: defaults.title, description: 'Header of cards without a title.' } },
  additionalProperties: false,
};

const payloadSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'webhook payload',
  description: 'A message, a simple card, or any JSON value.',
  oneOf: [
    { type: 'object', required: ['message'], properties: { message: { type: 'object' } } },
    {
      type: 'object',
      properties: { title: { type: 'string' }, text: { type: 'string' }, fields: { type: 'object' } },
    },
    {},
  ],
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseBody(payload: Uint8Array): unknown {
  const text = Buffer.from(payload).toString('utf8');
  if (text.trim() === '') throw new Error('the webhook body is empty: post a JSON value');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the webhook body is not JSON: ${(error as Error).message}`);
  }
}

const fieldText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The card for a body that is not a whole message. */
function card(body: unknown, config: WebhookConfig): Message {
  if (isRecord(body) && (typeof body.text === 'string' || typeof body.title === 'string' || isRecord(body.fields))) {
    const fields = isRecord(body.fields) ? Object.entries(body.fields).slice(0, MAX_FIELDS) : [];
    return {
      sections: [
        {
          header: typeof body.title === 'string' ? body.title : config.title,
          ...(typeof body.text === 'string' ? { body: { plaintext: body.text } } : {}),
          ...(fields.length > 0 ? { textFields: fields.map(([key, value]) => ({ key, value: fieldText(value) })) } : {}),
        },
      ],
    };
  }
  return { sections: [{ header: config.title, body: { codeBlock: JSON.stringify(body, null, 2) } }] };
}

export const webhook: SourcePlugin = {
  metadata: {
    version,
    description: 'Turns JSON posted to the incoming webhook into notifications.',
    jsonSchema: { value: schema },
    externalRequest: { payload: { jsonSchema: { value: payloadSchema } } },
  },

  handleExternalRequest({ payload, config }): Event {
    const settings = mergeConfigs(defaults, [config]);
    const body = parseBody(payload);
    const message = isRecord(body) && isRecord(body.message) ? decodeMessage(JSON.stringify(body.message)) : card(body, settings);
    return { message: { ...message, timestamp: new Date().toISOString() }, rawObject: body };
  },
};
