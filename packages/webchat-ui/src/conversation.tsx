/**
 * A channel's entries. It follows the newest entry while the reader is at
 * the bottom, and leaves the scroll alone while they read older ones.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { EntryView } from './entry-view.js';
import type { ChatEntry } from './types.js';

export interface ConversationProps {
  channel: string;
  entries: readonly ChatEntry[] | undefined;
  username: string;
  /** Bumped on each send, so the view jumps to the bottom for the sender. */
  sendCount: number;
}

const NEAR_BOTTOM_PX = 80;

export function Conversation({ channel, entries, username, sendCount }: ConversationProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [behind, setBehind] = useState(false);

  const toBottom = () => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
    following.current = true;
    setBehind(false);
  };

  useLayoutEffect(toBottom, [channel, sendCount]);
  // A narrower window makes entries taller: keep following the newest one.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (following.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(() => {
    if (following.current) toBottom();
    else setBehind(true);
  }, [entries]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    following.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    if (following.current) setBehind(false);
  };

  const byId = new Map((entries ?? []).map((e) => [e.id, e]));
  return (
    <div class="conversation-wrap">
      <div class="conversation" ref={scroller} onScroll={onScroll} role="log">
        {entries === undefined && <p class="muted centered">Loading the history…</p>}
        {entries?.length === 0 && (
          <p class="muted centered">
            No messages in #{channel} yet. Type a command below, for example <code>help</code>.
          </p>
        )}
        {entries?.map((entry, index) => {
          const answered = entry.replyTo === undefined ? undefined : byId.get(entry.replyTo);
          const previous = entries[index - 1];
          // Quoting the command only helps when other entries came in between.
          const answers = answered && previous?.id !== answered.id && previous?.replyTo !== answered.id ? answered : undefined;
          return (
            <EntryView
              key={entry.id}
              entry={entry}
              own={entry.author.kind === 'user' && entry.author.name === username}
              answers={answers}
            />
          );
        })}
      </div>
      {behind && (
        <button type="button" class="jump" onClick={toBottom}>
          ↓ Newer messages
        </button>
      )}
    </div>
  );
}
