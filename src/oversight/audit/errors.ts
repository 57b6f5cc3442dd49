/**
 * Errors raised by the audit log, its signed checkpoints and its export verifier (invalid events and
 * values that are not canonical JSON: `core/audit-event.ts`, `core/canonical-json.ts`).
 */
import { defineError } from '../../core/errors.js';

/** A store write failed; the log stops accepting appends until it is restarted and reloads its state. */
export const ERR_AUDIT_STORE_FAILED = defineError<[string]>('SAKIMORI_ERR_AUDIT_STORE_FAILED', 'audit store write failed; the log refuses appends until restarted: %s', 503);
/** The log was used before `start()` or after `stop()`. */
export const ERR_AUDIT_NOT_STARTED = defineError<[]>('SAKIMORI_ERR_AUDIT_NOT_STARTED', 'the audit log is not started', 500);
/** A tree size or entry number beyond the log was asked for. */
export const ERR_AUDIT_OUT_OF_RANGE = defineError<[string]>('SAKIMORI_ERR_AUDIT_OUT_OF_RANGE', 'out of range: %s', 400);
/** The store lacks a node or entry it should have: the stored tree is damaged. */
export const ERR_AUDIT_STORE_INCONSISTENT = defineError<[string]>('SAKIMORI_ERR_AUDIT_STORE_INCONSISTENT', 'audit store is inconsistent: %s', 500);
/** A key (signing key, verifier key or personal-data key) is malformed or unusable. */
export const ERR_AUDIT_KEY_INVALID = defineError<[string]>('SAKIMORI_ERR_AUDIT_KEY_INVALID', 'invalid audit key: %s', 400);
/** A signed note or checkpoint cannot be parsed. */
export const ERR_AUDIT_NOTE_MALFORMED = defineError<[string]>('SAKIMORI_ERR_AUDIT_NOTE_MALFORMED', 'malformed signed note: %s', 400);
/** A file given to the verifier cannot be read. */
export const ERR_AUDIT_FILE_UNREADABLE = defineError<[string, string]>('SAKIMORI_ERR_AUDIT_FILE_UNREADABLE', 'cannot read %s: %s', 400);
/**
 * Another writer appended to the same store first (a second process on one database): nothing
 * was stored; the log reloads the tree's edge and writes the batch again after the new entries.
 */
export const ERR_AUDIT_STORE_CONFLICT = defineError<[string]>('SAKIMORI_ERR_AUDIT_STORE_CONFLICT', 'audit store was appended to by another writer: %s', 409);
