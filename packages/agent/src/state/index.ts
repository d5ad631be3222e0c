/** The state part: runtime state users change from chat, kept across restarts, and the audit log of commands. */
export { capText, DEFAULT_MAX_COMMAND_CHARS, formatAuditLine, parseAuditLine } from './audit-entry.js';
export { AUDIT_FILE, auditDir } from './audit-files.js';
export { checkRuntimeState } from './check-state.js';
export {
  type AuditLogStats,
  DEFAULT_AUDIT_KEEP_FILES,
  DEFAULT_AUDIT_MAX_FILE_BYTES,
  DEFAULT_AUDIT_MAX_QUEUED,
  FileAuditLog,
  type FileAuditLogOptions,
} from './file-audit-log.js';
export { DEFAULT_STATE_DIR, FileStateStore, type FileStateStoreOptions, STATE_FILE } from './file-state-store.js';
export { type AuditReadResult, type ReadAuditOptions, readAudit, type TornAuditLine } from './read-audit.js';
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
