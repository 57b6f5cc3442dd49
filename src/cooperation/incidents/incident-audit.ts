/**
 * How incident changes reach the audit log, and the unit of work that writes a change together
 * with its audit entries.
 *
 * The rule: a change is never stored without its entry. Two ways, chosen by what the sink offers:
 *
 * - Outbox (the oversight `AuditLog` has `record`/`drain`): entries are recorded in the change's
 *   own transaction (the audit outbox table), both commit or neither does, and are appended to
 *   the log after the commit. Exactly once, even if the process dies in between.
 * - Append only: the entry is appended as the last step inside the transaction, before the commit.
 *   If the append fails, the transaction rolls back and nothing is written. The one gap left is a
 *   commit failing after a durable append: the log then names a change that did not happen — a
 *   visible false positive, never a silent change.
 *
 * Pure of I/O itself: the database and the sink are passed in.
 */
import type { Kysely } from 'kysely';
import type { AuditAction, AuditEventInput, SubjectRef } from '../../core/audit-event.js';
import type { JsonValue } from '../../core/canonical-json.js';
import type { Actor, Role } from '../../core/roles.js';
import { inTransaction } from '../../storage/transaction.js';
import { IncidentStore } from './incident-store.js';
import type { IncidentTables } from './tables.js';

/**
 * The audit actions of incident reporting. They must be listed in `AUDIT_ACTIONS`
 * (`core/audit-event.ts`) for the audit log to accept them; until then every audited change is
 * refused by the log and rolled back (fail closed).
 */
export const INCIDENT_AUDIT_ACTIONS: readonly AuditAction[] = [
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
] as const;

/** One of {@link INCIDENT_AUDIT_ACTIONS}. */
export type IncidentAuditAction = (typeof INCIDENT_AUDIT_ACTIONS)[number];

/** Where incident changes are audit-logged; the oversight `AuditLog` satisfies it. */
export interface IncidentAuditSink {
  /** Appends an event; resolves when it is durable in the log. */
  append(event: AuditEventInput): Promise<unknown>;
  /** Records an event in the transaction of the change (the audit outbox), when the sink has one. */
  record?(trx: Kysely<IncidentTables>, event: AuditEventInput): Promise<void>;
  /** Appends what was recorded; called after the commit. */
  drain?(): Promise<void>;
}

/** Who acted, for an audit entry: a user in a role, or the platform's re-evaluation. */
export type AuditedActor = { readonly actor: Actor; readonly role: Role } | 'system';

/** Builds the audit entry of a change to `incident`: subjects are the incident and its organisation; `details` carry no free text. */
export function incidentAuditEvent(
  who: AuditedActor,
  action: IncidentAuditAction,
  incident: { readonly id: string; readonly organizationId: string; readonly regime: string },
  details: { readonly [key: string]: JsonValue },
  extraSubjects: readonly SubjectRef[] = [],
): AuditEventInput {
  return {
    actor: who === 'system' ? { kind: 'system', id: 'sakimori' } : { kind: 'user', id: who.actor.userId, role: who.role },
    action,
    subjects: [{ type: 'incident', id: incident.id }, { type: 'organization', id: incident.organizationId }, ...extraSubjects],
    details: { regime: incident.regime, ...details },
  };
}

/** Collects the audit entries of one unit of work. */
export type RecordAudit = (event: AuditEventInput) => void;

/**
 * Runs `fn` in one transaction with a store over it and writes the entries it records to the
 * audit sink inside the same transaction (see the module comment); a throw anywhere — `fn`, an
 * invalid entry, a failing sink — rolls everything back.
 */
export async function auditedWrite<T>(
  db: Kysely<IncidentTables>,
  audit: IncidentAuditSink,
  fn: (store: IncidentStore, record: RecordAudit) => Promise<T>,
  onDrainError: (err: unknown) => void,
): Promise<T> {
  let recorded = false;
  const out = await inTransaction(db, async (trx) => {
    const events: AuditEventInput[] = [];
    const result = await fn(new IncidentStore(trx), (e) => events.push(e));
    for (const e of events) {
      if (audit.record !== undefined) {
        await audit.record(trx, e);
        recorded = true;
      } else {
        await audit.append(e);
      }
    }
    return result;
  });
  // The entries are committed in the outbox: a failing drain loses nothing, the log appends them later.
  if (recorded && audit.drain !== undefined) await audit.drain().catch(onDrainError);
  return out;
}
