/** A bot message (Botkube's message model) as a card. */
import type { Message } from '@chatkube/api';
import { TextInputView } from './interactive.js';
import { BodyView, hasBody, SectionView } from './section-view.js';

/** Go's zero time: a message without a timestamp. */
export const ZERO_TIMESTAMP = '0001-01-01T00:00:00Z';

/** Whether the message shows anything at all; `skipMessage` never does. */
export function isHidden(message: Message | undefined): boolean {
  return message?.type === 'skipMessage';
}

export function MessageView({ message }: { message: Message }) {
  const type = message.type ?? '';
  if (type === 'skipMessage') return null;
  if (type === 'nonInteractiveEventSingleSection') {
    const section = message.sections?.[0];
    return (
      <div class="message event-card">
        {section && <SectionView section={section} divider={false} interactive={false} />}
        <Timestamp value={message.timestamp} />
      </div>
    );
  }
  // A filterable body is only its body (plus the filter input the agent may add).
  const sections = type === 'baseBodyWithFilter' ? [] : (message.sections ?? []);
  const inputs = message.plaintextInputs ?? [];
  const body = hasBody(message.baseBody) ? message.baseBody : undefined;
  const empty = body === undefined && sections.length === 0 && inputs.length === 0;
  return (
    <div class="message">
      {body && <BodyView body={body} />}
      {sections.map((section, index) => (
        <SectionView section={section} divider={index > 0 || body !== undefined} interactive key={index} />
      ))}
      {inputs.map((input, index) => (
        <TextInputView input={input} key={index} />
      ))}
      {empty && <p class="empty-answer">(empty answer)</p>}
      <Timestamp value={message.timestamp} />
    </div>
  );
}

function Timestamp({ value }: { value: string | undefined }) {
  if (!value || value === ZERO_TIMESTAMP) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return (
    <time class="message-time" dateTime={value} title={value}>
      {date.toLocaleString()}
    </time>
  );
}
