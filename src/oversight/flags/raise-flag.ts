/**
 * Raising a flag: stored in the commission's queue and recorded in the audit log, so a flag can
 * neither be lost quietly nor be raised without trace.
 */
import type { AuditEventInput, PersonalKind } from '../../core/audit-event.js';
import type { MonitoringFlag, NewFlag } from './flag.js';
import type { FlagStore } from './flag-store.js';

/** Where flag events go; `AuditLog` implements it. */
export interface FlagAudit {
  append(event: AuditEventInput): Promise<unknown>;
}

/**
 * Raises `flag` unless an unresolved one with its dedupe key exists, and audits it as
 * `monitoring.flag` with `personal` (the person concerned, kept as a keyed hash).
 */
export async function raiseFlag(
  store: FlagStore,
  audit: FlagAudit,
  flag: NewFlag,
  personal: readonly { readonly kind: PersonalKind; readonly value: string }[] = [],
): Promise<MonitoringFlag | undefined> {
  const raised = await store.raise(flag);
  if (raised === undefined) return undefined;
  await audit.append({
    actor: { kind: 'system', id: 'sakimori' },
    action: 'monitoring.flag',
    subjects: [{ type: 'flag', id: raised.id }, { type: 'user', id: flag.userId }, ...(flag.caseId === null ? [] : [{ type: 'case', id: flag.caseId }])],
    personal,
    details: { kind: flag.kind, ...flag.details },
  });
  return raised;
}
