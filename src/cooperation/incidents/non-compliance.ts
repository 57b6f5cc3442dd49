/**
 * A correction order not complied with by its deadline. Under the ACD Act a designated operator
 * that fails to report after the competent minister's order commits an offence (fine up to ¥2M),
 * so the finding is recorded once, with its time, on the order, on the incident (never cleared:
 * a later answer does not undo the breach), in the timeline and in the audit log.
 */
import { lateBySeconds } from '../regimes/index.js';
import { type RegulatorRequest, SYSTEM_ACTOR } from './incident.js';
import { incidentAuditEvent, type RecordAudit } from './incident-audit.js';
import type { IncidentStore } from './incident-store.js';
import { timeline } from './service-context.js';

/** True when `order` is a correction order past its deadline at `now`, unanswered and not yet flagged. */
export function lapsed(order: RegulatorRequest, now: number): boolean {
  return order.kind === 'correction-order' && order.fulfilledAt === null && order.nonCompliantAt === null && order.dueAt !== null && now > order.dueAt;
}

/**
 * Flags `order` of `incident` as not complied with at `at`, in the caller's unit of work; false
 * when it was answered or flagged meanwhile. The caller sets the incident's own flag.
 */
export async function flagOrder(
  store: IncidentStore,
  incident: { readonly id: string; readonly organizationId: string; readonly regime: string },
  order: RegulatorRequest,
  at: number,
  record: RecordAudit,
): Promise<boolean> {
  if (order.dueAt === null || !(await store.flagOrder(order.id, at))) return false;
  const late = lateBySeconds(order.dueAt, at);
  await timeline(store, incident.id, at, SYSTEM_ACTOR, 'non-compliant', { request: order.id, stage: order.stage, deadline: order.dueAt, lateBySeconds: late });
  record(incidentAuditEvent('system', 'incident.non_compliance', incident, { stage: order.stage, deadline: order.dueAt, lateBySeconds: late }, [{ type: 'incident_request', id: order.id }]));
  return true;
}
