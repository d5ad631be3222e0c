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
