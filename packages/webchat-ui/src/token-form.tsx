/** Asks for the agent's access token when the API answers 401. */
import { useEffect, useRef, useState } from 'preact/hooks';

export interface TokenFormProps {
  /** A token was sent and refused (rather than none known yet). */
  rejected: boolean;
  onSubmit(token: string): void;
}

export function TokenForm({ rejected, onSubmit }: TokenFormProps) {
  const [token, setToken] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [rejected]);
  return (
    <div class="overlay">
      <form
        class="token-form"
        aria-label="Access token"
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim() !== '') onSubmit(token.trim());
        }}
      >
        <h2>Access token needed</h2>
        <p class="hint">
          This chatkube agent accepts connections from the network, so it asks for its web chat token. The token is kept for this
          tab only.
        </p>
        {rejected && <p class="error-text">The agent refused that token. Check it and try again.</p>}
        <input
          type="password"
          name="token"
          aria-label="Token"
          autocomplete="current-password"
          placeholder="Token"
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          ref={input}
        />
        <button type="submit" class="btn primary" disabled={token.trim() === ''}>
          Connect
        </button>
      </form>
    </div>
  );
}
