/**
 * Raising a flag: stored in the commission's queue and recorded in the audit log, so a flag can
 * neither be lost quietly nor be raised without trace.
 */
import type { AuditEventInput, PersonalKind } from '../../core/audit-event.js';
import { auditedChange, type AuditRecorder } from '../audit/recorder.js';
import type { MonitoringFlag, NewFlag } from './flag.js';
import type { FlagStore } from './flag-store.js';

/** Where flag events go; `AuditLog` implements it. */
export type FlagAudit = AuditRecorder;

/** A person a flag concerns, kept in the audit entry as a keyed hash. */
type Personal = readonly { readonly kind: PersonalKind; readonly value: string }[];

/**
 * Raises `flag` unless an unresolved one with its dedupe key exists, and audits it as
 * `monitoring.flag` with `personal` (the person concerned, kept as a keyed hash). The flag and its
 * entry commit together or not at all.
 */
export async function raiseFlag(store: FlagStore, audit: FlagAudit, flag: NewFlag, personal: Personal = []): Promise<MonitoringFlag | undefined> {
  return auditedChange(store.db, audit, (trx, record) => raiseFlagIn(store.on(trx), record, flag, personal));
}

/**
 * {@link raiseFlag} inside a change's own transaction: `store` is bound to it and `record` records
 * in it, so the change, the flag and both entries commit together.
 */
export async function raiseFlagIn(store: FlagStore, record: (event: AuditEventInput) => Promise<void>, flag: NewFlag, personal: Personal = []): Promise<MonitoringFlag | undefined> {
  const raised = await store.raise(flag);
  if (raised === undefined) return undefined;
  await record({
    actor: { kind: 'system', id: 'sakimori' },
    action: 'monitoring.flag',
    subjects: [{ type: 'flag', id: raised.id }, { type: 'user', id: flag.userId }, ...(flag.caseId === null ? [] : [{ type: 'case', id: flag.caseId }])],
    personal,
    details: { kind: flag.kind, ...flag.details },
  });
  return raised;
}
