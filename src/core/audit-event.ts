/**
 * The audit event: what every part hands to the audit log (`oversight/audit/`) for one
 * security-relevant action, and the checks an event passes before it is recorded. A contract shared
 * by every part that records (operations, accounts, the registry, privacy, oversight); the log
 * itself — entries, the Merkle tree, checkpoints — stays in oversight.
 *
 * Personal data never goes into an event in the clear: it is passed in `personal` and the log keeps
 * only keyed hashes of it; `details` are checked for addresses and e-mail addresses put there by
 * mistake.
 */
import { defineError } from './errors.js';
import { tryParseAddress } from './ip.js';
import { isRole, type Role } from './roles.js';
import type { JsonValue } from './canonical-json.js';

/** An event handed to the log is malformed; nothing was appended. */
export const ERR_AUDIT_INVALID_EVENT = defineError<[string]>('SAKIMORI_ERR_AUDIT_INVALID_EVENT', 'invalid audit event: %s', 400);
/** Personal data was put where only non-personal details belong; nothing was appended. */
export const ERR_AUDIT_PERSONAL_DATA_IN_DETAILS = defineError<[string]>(
  'SAKIMORI_ERR_AUDIT_PERSONAL_DATA_IN_DETAILS',
  'audit event details.%s looks like personal data; pass it in `personal` so it is kept as a keyed hash',
  400,
);

/** Kinds of personal data an audit entry can refer to. */
export const PERSONAL_KINDS = ['ip', 'prefix', 'email', 'name', 'phone', 'account', 'subscriber', 'other'] as const;
/** A kind of personal data. */
export type PersonalKind = (typeof PERSONAL_KINDS)[number];

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
  'asset.change',
  'advisory.draft',
  'advisory.update',
  'advisory.publish',
  'advisory.withdraw',
  'advisory.acknowledge',
  'advisory.answer',
  'incident.create',
  'incident.update',
  'incident.link',
  'incident.draft',
  'incident.submit',
  'incident.amend',
  'incident.acknowledge',
  'incident.request_information',
  'incident.correction_order',
  'incident.non_compliance',
  'incident.close',
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
