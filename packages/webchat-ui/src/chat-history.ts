/**
 * A channel's entries as the UI holds them: in the agent's order, one per id.
 * History pages, pushed frames and the answer to a send can arrive in any
 * order; these functions keep the list right whatever the order.
 */
import type { ChatEntry } from './types.js';

export interface UpsertOptions {
  /** Keep an entry already present (the send's local copy must not replace the agent's). */
  keepExisting?: boolean;
}

/** The list with `entry` added, or replacing the entry with its id. */
export function upsertEntry(entries: readonly ChatEntry[], entry: ChatEntry, options: UpsertOptions = {}): ChatEntry[] {
  const index = entries.findIndex((e) => e.id === entry.id);
  if (index >= 0) {
    if (options.keepExisting) return [...entries];
    const next = [...entries];
    next[index] = entry;
    return next;
  }
  // An answer that arrived before the entry it answers stays after it.
  const firstReply = entries.findIndex((e) => e.replyTo === entry.id);
  if (firstReply >= 0) return [...entries.slice(0, firstReply), entry, ...entries.slice(firstReply)];
  return [...entries, entry];
}

/** The list with every entry of `incoming` upserted, in order. */
export function mergeEntries(entries: readonly ChatEntry[], incoming: readonly ChatEntry[]): ChatEntry[] {
  let next = [...entries];
  for (const entry of incoming) next = upsertEntry(next, entry);
  return next;
}

/** The agent's full history, followed by the entries only this page has (sent while it was away). */
export function replaceWithHistory(entries: readonly ChatEntry[], history: readonly ChatEntry[]): ChatEntry[] {
  const known = new Set(history.map((e) => e.id));
  return mergeEntries(
    history,
    entries.filter((e) => !known.has(e.id)),
  );
}

/** The last entry a page had from the agent in a channel: enough to tell whether the agent is still the same one. */
export interface SeenEntry {
  id: string;
  time: string;
}

/**
 * The list once the live connection is back, given the agent's full history. An agent that
 * still holds the last entry the page had from it is the same agent: its history is merged in,
 * and older entries it has let go of stay. Otherwise the agent restarted (its history is kept
 * in memory) or moved on by more than a whole history: ids may now name other entries, so the
 * agent's history replaces the list, with only the entries pushed since the reconnection
 * (`fresh`) kept from it.
 */
export function catchUp(
  entries: readonly ChatEntry[],
  history: readonly ChatEntry[],
  seen: SeenEntry | undefined,
  fresh: ReadonlySet<string>,
): ChatEntry[] {
  const same = seen === undefined || history.some((e) => e.id === seen.id && e.time === seen.time);
  if (same) return mergeEntries(entries, history);
  return replaceWithHistory(
    entries.filter((e) => fresh.has(e.id)),
    history,
  );
}
