/**
 * The channels as they stand now: the configured channels with what people
 * changed from chat (notifications, source bindings, action toggles) laid
 * over them. Changes are written to the state store before they are
 * acknowledged, so they survive restarts.
 */
import type { Action, Channel, Config, PlatformName } from '../config/types.js';
import { channelKey, type RuntimeState, type StateStore } from '../state/index.js';

/** A channel with its runtime changes applied. */
export interface EffectiveChannel extends Channel {
  /** The key of its runtime state: `{platform}/{group}/{name}`. */
  stateKey: string;
}

const stateKey = (channel: Pick<Channel, 'platform' | 'group' | 'name'>): string =>
  channelKey(channel.platform, channel.group, channel.name);

export class ChannelDirectory {
  readonly #channels = new Map<string, Channel>();
  readonly #actions = new Map<string, Action>();

  constructor(
    config: Config,
    private readonly state: StateStore,
  ) {
    for (const group of config.communications)
      for (const channel of group.channels) this.#channels.set(stateKey(channel), channel);
    for (const action of config.actions) this.#actions.set(action.name, action);
  }

  find(platform: PlatformName, group: string, name: string): EffectiveChannel | undefined {
    const channel = this.#channels.get(stateKey({ platform, group, name }));
    return channel && this.#effective(channel, this.state.get());
  }

  all(): EffectiveChannel[] {
    const state = this.state.get();
    return [...this.#channels.values()].map((channel) => this.#effective(channel, state));
  }

  /** The channels that receive a source group's events now: bound to it, notifications on. */
  subscribers(sourceGroup: string): EffectiveChannel[] {
    return this.all().filter((channel) => !channel.notificationsDisabled && channel.bindings.sources.includes(sourceGroup));
  }

  async setNotifications(channel: EffectiveChannel, enabled: boolean): Promise<void> {
    await this.state.update((draft) => {
      draft.channels[channel.stateKey] = { ...draft.channels[channel.stateKey], notificationsDisabled: !enabled };
    });
  }

  async setSourceBindings(channel: EffectiveChannel, sources: string[]): Promise<void> {
    await this.state.update((draft) => {
      draft.channels[channel.stateKey] = { ...draft.channels[channel.stateKey], sourceBindings: [...sources] };
    });
  }

  actions(): (Action & { enabled: boolean })[] {
    const state = this.state.get();
    return [...this.#actions.values()].map((action) => ({
      ...action,
      enabled: state.actions[action.name]?.enabled ?? action.enabled,
    }));
  }

  action(name: string): (Action & { enabled: boolean }) | undefined {
    return this.actions().find((action) => action.name === name);
  }

  async setAction(name: string, enabled: boolean): Promise<void> {
    await this.state.update((draft) => {
      draft.actions[name] = { enabled };
    });
  }

  #effective(channel: Channel, state: RuntimeState): EffectiveChannel {
    const key = stateKey(channel);
    const runtime = state.channels[key];
    return {
      ...channel,
      stateKey: key,
      notificationsDisabled: runtime?.notificationsDisabled ?? channel.notificationsDisabled,
      bindings: { executors: channel.bindings.executors, sources: runtime?.sourceBindings ?? channel.bindings.sources },
    };
  }
}
