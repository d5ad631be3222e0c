/** The command line under the conversation: Enter sends, ↑/↓ go through earlier commands. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InputHistory } from './input-history.js';

export interface ComposerProps {
  channel: string | undefined;
  history: InputHistory;
  onSend(text: string): void;
}

export function Composer({ channel, history, onSend }: ComposerProps) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [channel]);
  const show = (value: string | undefined) => {
    if (value === undefined) return;
    setText(value);
    // After the new value is in, so the caret goes to its end.
    requestAnimationFrame(() => input.current?.setSelectionRange(value.length, value.length));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      const command = text.trim();
      if (command === '' || channel === undefined) return;
      history.push(command);
      setText('');
      onSend(command);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      show(history.up(text));
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      show(history.down());
    }
  };
  return (
    <div class="composer">
      <span class="prompt" aria-hidden="true">
        ›
      </span>
      <input
        ref={input}
        type="text"
        aria-label="Command"
        autocomplete="off"
        spellcheck={false}
        disabled={channel === undefined}
        placeholder={channel === undefined ? 'Pick a channel' : `Command for #${channel}, e.g. help — Enter sends, ↑ history`}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
