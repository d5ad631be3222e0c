/**
 * The web chat page: channels, the open channel's conversation and the
 * command line. History comes from the API; the WebSocket pushes what is new,
 * and after each reconnect the page asks for what it missed.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WebchatApiClient } from './api-client.js';
import { bindingSummary, ChannelList } from './channel-list.js';
import { catchUp, replaceWithHistory, type SeenEntry, upsertEntry } from './chat-history.js';
import { Composer } from './composer.js';
import { Conversation } from './conversation.js';
import { WebchatError } from './errors.js';
import { InputHistory } from './input-history.js';
import { SendContext } from './interactive.js';
import { LiveSocket, type SocketState } from './live-socket.js';
import { isHidden } from './message-view.js';
import type { Preferences } from './preferences.js';
import type { TokenAsk, TokenBroker } from './token-broker.js';
import { TokenForm } from './token-form.js';
import { TopBar } from './top-bar.js';
import type { ChannelInfo, ChatEntry, ChatFrame, CommandOrigin } from './types.js';

export interface AppProps {
  api: WebchatApiClient;
  prefs: Preferences;
  tokens: TokenBroker;
}

type Histories = Readonly<Record<string, ChatEntry[]>>;

export function App({ api, prefs, tokens }: AppProps) {
  const [channels, setChannels] = useState<ChannelInfo[]>();
  const [current, setCurrent] = useState<string>();
  const [histories, setHistories] = useState<Histories>({});
  const [unread, setUnread] = useState<Readonly<Record<string, number>>>({});
  const [socketState, setSocketState] = useState<SocketState>({ kind: 'stopped' });
  const [error, setError] = useState<string>();
  const [username, setUsername] = useState(() => prefs.username());
  const [tokenAsk, setTokenAsk] = useState<TokenAsk>();
  const [sendCount, setSendCount] = useState(0);
  const inputHistory = useMemo(() => new InputHistory(prefs.commandHistory()), [prefs]);

  // Read by callbacks that outlive a render (socket frames, answers of requests).
  const currentRef = useRef(current);
  currentRef.current = current;
  const usernameRef = useRef(username);
  usernameRef.current = username;
  const loaded = useRef(new Set<string>());
  // By channel: the last entry had from the agent, and the ids pushed since the socket (re)opened.
  const lastSeen = useRef<Record<string, SeenEntry>>({});
  const fresh = useRef<Record<string, Set<string>>>({});

  const showError = useCallback((cause: unknown) => setError(describe(cause)), []);

  const loadChannels = useCallback(async () => {
    const list = await api.channels();
    setChannels(list);
    setCurrent((now) => (now !== undefined && list.some((c) => c.name === now) ? now : pickChannel(list)));
  }, [api]);

  const loadHistory = useCallback(
    async (channel: string) => {
      try {
        const entries = await api.history(channel);
        setHistories((all) => ({ ...all, [channel]: replaceWithHistory(all[channel] ?? [], entries) }));
        remember(lastSeen.current, channel, entries);
        loaded.current.add(channel);
      } catch (cause) {
        showError(cause);
      }
    },
    [api, showError],
  );

  /** After a reconnect: what was pushed meanwhile, or all anew if the agent is another one now. */
  const catchUpHistory = useCallback(
    async (channel: string, seen: SeenEntry | undefined) => {
      try {
        const entries = await api.history(channel);
        const pushed = fresh.current[channel] ?? new Set<string>();
        setHistories((all) => ({ ...all, [channel]: catchUp(all[channel] ?? [], entries, seen, pushed) }));
        remember(lastSeen.current, channel, entries);
      } catch (cause) {
        showError(cause);
      }
    },
    [api, showError],
  );

  const onFrame = useCallback((frame: ChatFrame) => {
    const { channel, message: entry } = frame;
    setHistories((all) => ({ ...all, [channel]: upsertEntry(all[channel] ?? [], entry) }));
    if (frame.type !== 'message.created') return;
    remember(lastSeen.current, channel, [entry]);
    let pushed = fresh.current[channel];
    if (pushed === undefined) {
      pushed = new Set();
      fresh.current[channel] = pushed;
    }
    pushed.add(entry.id);
    if (channel !== currentRef.current && !isHidden(entry.message))
      setUnread((counts) => ({ ...counts, [channel]: (counts[channel] ?? 0) + 1 }));
  }, []);

  const socket = useMemo(
    () =>
      new LiveSocket({
        url: () => api.socketUrl(),
        onFrame,
        onState: (state) => {
          setSocketState(state);
          if (state.kind !== 'open') return;
          // Catch up on what was pushed while the socket was down, judged by what the page had until now.
          const seen = { ...lastSeen.current };
          fresh.current = {};
          for (const channel of loaded.current) void catchUpHistory(channel, seen[channel]);
          loadChannels().then(() => setError(undefined), showError);
        },
      }),
    [api, onFrame, catchUpHistory, loadChannels, showError],
  );

  useEffect(() => {
    tokens.listen(setTokenAsk);
    // The socket starts once the API answered, so a token asked for is known to it. If the agent
    // cannot be reached, the socket's retries bring the channels once it is back.
    loadChannels().then(
      () => socket.start(),
      (cause: unknown) => {
        showError(cause);
        socket.start();
      },
    );
    return () => socket.stop();
  }, [tokens, socket, loadChannels, showError]);

  useEffect(() => {
    if (current === undefined) return;
    history.replaceState(null, '', `#${encodeURIComponent(current)}`);
    setUnread((counts) => ({ ...counts, [current]: 0 }));
    if (!loaded.current.has(current)) void loadHistory(current);
  }, [current, loadHistory]);

  useEffect(() => {
    const waiting = Object.values(unread).reduce((sum, n) => sum + n, 0);
    document.title = `${waiting > 0 ? `(${waiting}) ` : ''}${current ? `#${current} · ` : ''}chatkube`;
  }, [current, unread]);

  const send = useCallback(
    (text: string, origin: CommandOrigin) => {
      const channel = currentRef.current;
      if (channel === undefined) return;
      const user = usernameRef.current;
      setSendCount((n) => n + 1);
      api
        .send(channel, { text, user, origin })
        .then((id) => {
          setError(undefined);
          // The pushed copy may have come first; it wins. This one shows the command while the socket is down.
          const local: ChatEntry = { id, channel, time: new Date().toISOString(), author: { kind: 'user', name: user }, text };
          setHistories((all) => ({ ...all, [channel]: upsertEntry(all[channel] ?? [], local, { keepExisting: true }) }));
        })
        .catch(showError);
    },
    [api, showError],
  );

  const sendTyped = (text: string) => {
    prefs.setCommandHistory(inputHistory.items());
    send(text, 'typed');
  };

  const channel = channels?.find((c) => c.name === current);
  return (
    <SendContext.Provider value={send}>
      <div class="app">
        <TopBar
          socket={socketState}
          onReconnect={() => socket.reconnectNow()}
          username={username}
          onUsername={(name) => {
            prefs.setUsername(name);
            setUsername(name);
          }}
        />
        <ChannelList channels={channels} current={current} unread={unread} onSelect={setCurrent} />
        <main class="main">
          {channel ? (
            <>
              <div class="channel-header">
                <h1># {channel.name}</h1>
                <span class="muted">{bindingSummary(channel)}</span>
              </div>
              <Conversation channel={channel.name} entries={histories[channel.name]} username={username} sendCount={sendCount} />
            </>
          ) : (
            <div class="conversation-wrap">
              <p class="muted centered">{channels?.length === 0 ? 'No channels to show.' : 'Loading…'}</p>
            </div>
          )}
          {error && (
            <div class="error-line" role="alert">
              <span>{error}</span>
              <button type="button" class="link-button" aria-label="Dismiss the error" onClick={() => setError(undefined)}>
                ✕
              </button>
            </div>
          )}
          <Composer channel={channel?.name} history={inputHistory} onSend={sendTyped} />
        </main>
        {tokenAsk && (
          <TokenForm
            rejected={tokenAsk.rejected}
            onSubmit={(token) => {
              tokens.submit(token);
              socket.reconnectNow();
            }}
          />
        )}
      </div>
    </SendContext.Provider>
  );
}

/** Notes the last of `entries` as the last one the page had from the agent in `channel`. */
function remember(seen: Record<string, SeenEntry>, channel: string, entries: readonly ChatEntry[]): void {
  const last = entries.at(-1);
  if (last) seen[channel] = { id: last.id, time: last.time };
}

/** The channel named in the address (`#ops`), else the first one. */
function pickChannel(list: readonly ChannelInfo[]): string | undefined {
  const wanted = decodeURIComponent(location.hash.slice(1));
  return list.find((c) => c.name === wanted)?.name ?? list[0]?.name;
}

function describe(cause: unknown): string {
  if (cause instanceof WebchatError) return `${cause.message} (${cause.code})`;
  return cause instanceof Error ? cause.message : String(cause);
}
