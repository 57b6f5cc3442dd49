/**
 * The audit entry: a typed envelope for one security-relevant event, and its canonical bytes.
 *
 * The leaf of the Merkle tree is `SHA-256(0x00 || UTF-8(JCS(entry)))` (RFC 9162 §2.1.1 over
 * RFC 8785), and an export writes each entry as exactly those bytes, so what an auditor reads is
 * what was hashed. Personal data never enters an entry in the clear (see `personal.ts`); the
 * `details` are checked for addresses and e-mail addresses that were put there by mistake.
 */
import { tryParseAddress } from '../../core/ip.js';
import { isRole, type Role } from '../../core/roles.js';
import { canonicalJson, type JsonValue } from './canonical-json.js';
import { ERR_AUDIT_INVALID_EVENT, ERR_AUDIT_PERSONAL_DATA_IN_DETAILS } from './errors.js';
import type { PersonalDataHasher, PersonalKind, PersonalRef } from './personal.js';

/** Every action the audit log records; new security-relevant events are added here. */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'user.create',
  'user.role_change',
  'user.disable',
  'data.read',
  'data.search',
  'data.export',
  'data.share',
  'data.pseudonymize',
  'case.create',
  'case.transition',
  'case.evidence_add',
  'case.note_add',
  'request.create',
  'request.amend',
  'request.vote',
  'request.decide',
  'request.withdraw',
  'emergency.start',
  'emergency.review',
  'execution.start',
  'execution.stop',
  'execution.expire',
  'notice.send',
  'report.submit',
  'retention.purge',
  'retention.receipt',
  'monitoring.flag',
  'config.change',
  'key.rotate',
  'audit.checkpoint',
  'audit.export',
  'case.access_scope',
  'selection.counters',
  'monitoring.flag_update',
  'oversight.inspection',
  'oversight.directive',
  'report.transparency',
] as const;
/** An audited action, `<area>.<verb>`. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted: a signed-in user, a service account or the platform itself. */
export interface AuditActor {
  readonly kind: 'user' | 'service' | 'system';
  /** Opaque account id (never a name or e-mail address). */
  readonly id: string;
  /** Role the actor acted in, e.g. `commission_member`. */
  readonly role?: Role;
}

/** A non-personal object the event concerns, by type and id. */
export interface SubjectRef {
  readonly type: string;
  readonly id: string;
}

/** The case and purpose every look at personal data must name. */
export interface AuditPurpose {
  readonly case: string;
  readonly purpose: string;
}

/** How the action ended. */
export type AuditOutcome = 'success' | 'denied' | 'failed';

/** An event as components hand it to the log. */
export interface AuditEventInput {
  readonly actor: AuditActor;
  readonly action: AuditAction;
  readonly outcome?: AuditOutcome;
  readonly subjects?: readonly SubjectRef[];
  readonly purpose?: AuditPurpose;
  /** Personal values the event concerns; stored only as keyed hashes. */
  readonly personal?: readonly { readonly kind: PersonalKind; readonly value: string }[];
  /** Non-personal details (counts, states, reasons). */
  readonly details?: { readonly [key: string]: JsonValue };
}

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

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;
const WORD = /^[a-z][a-z0-9_.-]{0,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

function check(ok: boolean, what: string): void {
  if (!ok) throw new ERR_AUDIT_INVALID_EVENT(what);
}

function checkDetails(v: JsonValue, path: string): void {
  if (typeof v === 'string') {
    const s = v.trim();
    if (tryParseAddress(s) !== undefined || EMAIL.test(s)) throw new ERR_AUDIT_PERSONAL_DATA_IN_DETAILS(path);
  } else if (Array.isArray(v)) {
    v.forEach((item: JsonValue, i: number) => checkDetails(item, `${path}[${i}]`));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, item] of Object.entries(v)) checkDetails(item, path === '' ? k : `${path}.${k}`);
  }
}

/** Validates an event; throws {@link ERR_AUDIT_INVALID_EVENT} naming the first problem. */
export function validateEvent(e: AuditEventInput): void {
  check(ACTIONS.has(e.action), `unknown action ${JSON.stringify(e.action)}`);
  check(['user', 'service', 'system'].includes(e.actor?.kind), 'actor.kind must be user, service or system');
  check(typeof e.actor.id === 'string' && ID.test(e.actor.id), 'actor.id must be an opaque id');
  check(!EMAIL.test(e.actor.id), 'actor.id must be an opaque id, not an e-mail address');
  check(e.actor.role === undefined || isRole(e.actor.role), `actor.role ${JSON.stringify(e.actor.role)} is not a Sakimori role`);
  check(e.outcome === undefined || ['success', 'denied', 'failed'].includes(e.outcome), 'outcome must be success, denied or failed');
  for (const s of e.subjects ?? []) check(WORD.test(s.type) && typeof s.id === 'string' && ID.test(s.id), `subject ${JSON.stringify(s)} needs a type word and an id`);
  if (e.purpose !== undefined) {
    check(typeof e.purpose.case === 'string' && ID.test(e.purpose.case), 'purpose.case must be a case id');
    check(typeof e.purpose.purpose === 'string' && e.purpose.purpose.trim().length > 0 && e.purpose.purpose.length <= 500, 'purpose.purpose must be 1–500 characters');
  }
  if (e.action === 'data.read' || e.action === 'data.export' || e.action === 'data.search') {
    // Purpose binding: every look at personal data names a case and a purpose.
    check(e.purpose !== undefined || (e.personal ?? []).length === 0, `${e.action} of personal data must name a purpose`);
  }
  checkDetails(e.details ?? {}, '');
}

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
