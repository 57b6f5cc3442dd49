/**
 * The audit entry: the envelope of one recorded event (`core/audit-event.ts`), and its canonical
 * bytes.
 *
 * The leaf of the Merkle tree is `SHA-256(0x00 || UTF-8(JCS(entry)))` (RFC 9162 §2.1.1 over
 * RFC 8785), and an export writes each entry as exactly those bytes, so what an auditor reads is
 * what was hashed. Personal data never enters an entry in the clear (see `personal.ts`); events are
 * validated (`validateEvent`) before they become entries.
 */
import { ERR_AUDIT_INVALID_EVENT, validateEvent, type AuditAction, type AuditActor, type AuditEventInput, type AuditOutcome, type AuditPurpose, type SubjectRef } from '../../core/audit-event.js';
import { canonicalJson, type JsonValue } from '../../core/canonical-json.js';
import type { PersonalDataHasher, PersonalRef } from './personal.js';

/** An entry as stored, hashed and exported. */
export interface AuditEntry {
  /** Envelope version. */
  readonly v: 1;
  /** Position in the log: the Merkle leaf index. */
  readonly seq: number;
  /** RFC 3339 UTC time with milliseconds. */
  readonly time: string;
  readonly actor: AuditActor;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly subjects: readonly SubjectRef[];
  readonly purpose?: AuditPurpose;
  readonly personal: readonly PersonalRef[];
  readonly details: { readonly [key: string]: JsonValue };
}

/** Largest canonical entry accepted, in bytes. */
export const MAX_ENTRY_BYTES = 64 * 1024;

/** Builds the entry for `event` at position `seq` and time `timeMs`; validates first. */
export function buildEntry(event: AuditEventInput, seq: number, timeMs: number, personal: PersonalDataHasher): AuditEntry {
  validateEvent(event);
  const actor: AuditActor = event.actor.role === undefined ? { kind: event.actor.kind, id: event.actor.id } : { ...event.actor };
  return {
    v: 1,
    seq,
    time: new Date(timeMs).toISOString(),
    actor,
    action: event.action,
    outcome: event.outcome ?? 'success',
    subjects: (event.subjects ?? []).map((s) => ({ type: s.type, id: s.id })),
    ...(event.purpose === undefined ? {} : { purpose: { case: event.purpose.case, purpose: event.purpose.purpose } }),
    personal: (event.personal ?? []).map((p) => personal.ref(p.kind, p.value)),
    details: event.details ?? {},
  };
}

const encoder = new TextEncoder();

/** The canonical bytes of an entry (the Merkle leaf data); throws when over {@link MAX_ENTRY_BYTES}. */
export function encodeEntry(entry: AuditEntry): Uint8Array {
  const bytes = encoder.encode(canonicalJson(entry));
  if (bytes.length > MAX_ENTRY_BYTES) throw new ERR_AUDIT_INVALID_EVENT(`entry is ${bytes.length} bytes, more than ${MAX_ENTRY_BYTES}`);
  return bytes;
}
