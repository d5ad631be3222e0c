/** The state part: runtime state users change from chat, kept across restarts, and the audit log of commands. */
export { checkRuntimeState } from './check-state.js';
export { DEFAULT_STATE_DIR, FileStateStore, type FileStateStoreOptions, STATE_FILE } from './file-state-store.js';
export {
  type ActionState,
  type AuditEntry,
  type AuditLog,
  type AuditOutcome,
  CHANNEL_KEY,
  type ChannelState,
  channelKey,
  emptyRuntimeState,
  type RuntimeState,
  type StateStore,
  type StateUpdate,
} from './types.js';
