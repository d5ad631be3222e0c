/** One entry of the conversation: a person's bubble or the bot's card. */
import { Markdown } from './markdown-view.js';
import { isHidden, MessageView } from './message-view.js';
import type { ChatEntry } from './types.js';

export interface EntryViewProps {
  entry: ChatEntry;
  /** Written by the person using this page. */
  own: boolean;
  /** The entry this one answers, when it is not the one right above. */
  answers: ChatEntry | undefined;
}

export function EntryView({ entry, own, answers }: EntryViewProps) {
  if (entry.author.kind === 'user') {
    return (
      <article class={`entry user${own ? ' own' : ''}`} data-entry-id={entry.id}>
        <EntryMeta entry={entry} />
        <div class="bubble">{entry.text ?? ''}</div>
      </article>
    );
  }
  if (isHidden(entry.message)) return null;
  const thread = entry.message?.type === 'threadMessage';
  return (
    <article class={`entry bot${thread ? ' thread' : ''}`} data-entry-id={entry.id}>
      <EntryMeta entry={entry} />
      <div class="card">
        {entry.header && (
          <div class="entry-header">
            <Markdown text={entry.header} />
          </div>
        )}
        {thread && <div class="reply-note">↳ reply in thread</div>}
        {answers?.text && (
          <div class="reply-note">
            ↳ answering {answers.author.name}: <code>{answers.text}</code>
          </div>
        )}
        {entry.message ? <MessageView message={entry.message} /> : <p class="empty-answer">(empty answer)</p>}
        {entry.streaming && (
          <div class="streaming" role="status">
            <span class="pulse" aria-hidden="true" /> streaming…
          </div>
        )}
      </div>
    </article>
  );
}

function EntryMeta({ entry }: { entry: ChatEntry }) {
  const date = new Date(entry.time);
  const valid = !Number.isNaN(date.getTime());
  return (
    <div class="meta">
      <span class="author">{entry.author.name}</span>
      {valid && (
        <time dateTime={entry.time} title={date.toLocaleString()}>
          {date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </time>
      )}
    </div>
  );
}
