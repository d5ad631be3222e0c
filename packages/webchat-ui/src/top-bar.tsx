/** The bar at the top: the product, the connection state and the username. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SocketState } from './live-socket.js';
import { cleanUsername } from './preferences.js';

export interface TopBarProps {
  socket: SocketState;
  onReconnect(): void;
  username: string;
  onUsername(name: string): void;
}

export function TopBar({ socket, onReconnect, username, onUsername }: TopBarProps) {
  return (
    <header class="top-bar">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          ⎈
        </span>
        chatkube <span class="muted">web chat</span>
      </div>
      <ConnectionStatus state={socket} onReconnect={onReconnect} />
      <UsernameField username={username} onUsername={onUsername} />
    </header>
  );
}

function ConnectionStatus({ state, onReconnect }: { state: SocketState; onReconnect(): void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (state.kind !== 'waiting') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [state]);
  const seconds = state.kind === 'waiting' ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0;
  const label = {
    open: 'live',
    connecting: 'connecting…',
    waiting: `offline, retrying in ${seconds} s`,
    stopped: 'not connected',
  }[state.kind];
  return (
    <div class={`connection ${state.kind}`} role="status" data-state={state.kind}>
      <span class="dot" aria-hidden="true" />
      {label}
      {state.kind === 'waiting' && (
        <button type="button" class="link-button" onClick={onReconnect}>
          retry now
        </button>
      )}
    </div>
  );
}

function UsernameField({ username, onUsername }: { username: string; onUsername(name: string): void }) {
  const [value, setValue] = useState(username);
  useEffect(() => setValue(username), [username]);
  const cancelled = useRef(false);
  const valid = cleanUsername(value) !== undefined;
  const commit = () => {
    const name = cancelled.current ? undefined : cleanUsername(value);
    cancelled.current = false;
    if (name === undefined) setValue(username);
    else if (name !== username) onUsername(name);
  };
  return (
    <label class="username" title="Your name in the web chat; kept in this browser">
      <span class="muted">you are</span>
      <input
        type="text"
        aria-label="Username"
        aria-invalid={!valid}
        maxLength={40}
        value={value}
        onInput={(event) => setValue(event.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'Escape') {
            cancelled.current = true;
            event.currentTarget.blur();
          }
        }}
      />
    </label>
  );
}
