/** The channels on the left; hovering one shows what is bound to it. */
import type { ChannelInfo } from './types.js';

export interface ChannelListProps {
  channels: readonly ChannelInfo[] | undefined;
  current: string | undefined;
  unread: Readonly<Record<string, number>>;
  onSelect(name: string): void;
}

export function ChannelList({ channels, current, unread, onSelect }: ChannelListProps) {
  return (
    <nav class="channels" aria-label="Channels">
      <h2>Channels</h2>
      {channels === undefined && <p class="muted">Loading…</p>}
      {channels?.length === 0 && <p class="muted">No web chat channels are configured.</p>}
      <ul>
        {channels?.map((channel) => {
          const count = unread[channel.name] ?? 0;
          return (
            <li key={channel.name}>
              <button
                type="button"
                class={`channel${channel.name === current ? ' current' : ''}`}
                aria-current={channel.name === current ? 'page' : undefined}
                onClick={() => onSelect(channel.name)}
              >
                <span class="channel-name"># {channel.name}</span>
                {!channel.notifications && (
                  <span class="muted-mark" title="Notifications are off">
                    muted
                  </span>
                )}
                {count > 0 && <span class="badge">{count > 99 ? '99+' : count}</span>}
                <span class="bindings" role="tooltip">
                  <Binding label="Executors" names={channel.bindings.executors} />
                  <Binding label="Sources" names={channel.bindings.sources} />
                  <span>Notifications {channel.notifications ? 'on' : 'off'}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Binding({ label, names }: { label: string; names: readonly string[] }) {
  return (
    <span>
      <strong>{label}:</strong> {names.length > 0 ? names.join(', ') : 'none'}
    </span>
  );
}

/** A one-line summary for the channel's header. */
export function bindingSummary(channel: ChannelInfo): string {
  const executors = channel.bindings.executors.join(', ') || 'none';
  const sources = channel.bindings.sources.join(', ') || 'none';
  return `executors: ${executors} · sources: ${sources}`;
}
