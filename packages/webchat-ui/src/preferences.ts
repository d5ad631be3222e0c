/**
 * What the page remembers: the username and the typed commands (localStorage,
 * kept across visits) and the access token (sessionStorage, gone with the tab).
 * Storage can be unavailable (private modes, blocked cookies); the page then
 * works without remembering.
 */

const USER_KEY = 'chatkube.webchat.user';
const TOKEN_KEY = 'chatkube.webchat.token';
const HISTORY_KEY = 'chatkube.webchat.history';
const HISTORY_LIMIT = 100;
const USERNAME_MAX = 40;

/** A name such as `guest-k3x9` for someone who has not chosen one. */
export function randomGuestName(random: () => number = Math.random): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let suffix = '';
  for (let i = 0; i < 4; i++) suffix += alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
  return `guest-${suffix}`;
}

/** The username as it will be used, or `undefined` when it is empty, too long or has control characters. */
export function cleanUsername(name: string): string | undefined {
  const trimmed = name.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (trimmed === '' || trimmed.length > USERNAME_MAX || /[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  return trimmed;
}

export class Preferences {
  readonly #local: Storage | undefined;
  readonly #session: Storage | undefined;

  constructor(local: Storage | undefined, session: Storage | undefined) {
    this.#local = local;
    this.#session = session;
  }

  /** The saved username, or a new guest name (saved at once so it stays the same). */
  username(): string {
    const saved = cleanUsername(read(this.#local, USER_KEY) ?? '');
    if (saved !== undefined) return saved;
    const guest = randomGuestName();
    write(this.#local, USER_KEY, guest);
    return guest;
  }

  setUsername(name: string): void {
    write(this.#local, USER_KEY, name);
  }

  token(): string | undefined {
    const token = read(this.#session, TOKEN_KEY);
    return token ? token : undefined;
  }

  setToken(token: string): void {
    write(this.#session, TOKEN_KEY, token);
  }

  /** Typed commands, oldest first. */
  commandHistory(): string[] {
    try {
      const parsed: unknown = JSON.parse(read(this.#local, HISTORY_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : [];
    } catch {
      return [];
    }
  }

  setCommandHistory(commands: readonly string[]): void {
    write(this.#local, HISTORY_KEY, JSON.stringify(commands.slice(-HISTORY_LIMIT)));
  }
}

function read(storage: Storage | undefined, key: string): string | undefined {
  try {
    return storage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function write(storage: Storage | undefined, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Full or blocked storage: the value lives only as long as the page.
  }
}
