/**
 * What the engine tells the audit log and the bus when an execution starts (or fails to) and when
 * it ends. The audit entries are recorded in the transaction that stores the execution's new state
 * (so the state and its entry commit together); the bus hears of it after the commit.
 */
import type { BaseDeps } from '../../core/component.js';
import type { AuditActor, AuditEventInput } from '../../core/audit-event.js';
import { actionPersonal, SYSTEM_AUDIT_ACTOR, type AuditSink } from '../audit.js';
import { OPERATIONS_SUBJECTS, type ExecutionEvent } from '../events.js';
import type { OperationsMetrics } from '../metrics.js';
import type { CountermeasureRequest } from '../requests/request.js';
import { countTargets, type EndReason, type Execution, type TargetUpdate } from './execution.js';
import type { OperationsBus, OperationsPayload, OperationsSubject } from '../subjects.js';

/** What reporting needs. */
export interface ReportDeps extends BaseDeps {
  readonly audit: AuditSink;
  readonly bus: OperationsBus;
  readonly counters?: OperationsMetrics | undefined;
}

/** Appends an audit event; logs instead of throwing. */
export async function appendAudit(deps: Pick<ReportDeps, 'audit' | 'logger'>, event: AuditEventInput): Promise<void> {
  try {
    await deps.audit.append(event);
  } catch (err) {
    deps.logger.error({ err, action: event.action }, 'audit append failed');
  }
}

/** Publishes on the bus; logs instead of throwing. */
export async function publish<S extends OperationsSubject>(deps: Pick<ReportDeps, 'bus' | 'logger'>, subject: S, data: OperationsPayload<S>): Promise<void> {
  try {
    await deps.bus.publish(subject, data);
  } catch (err) {
    deps.logger.error({ err, subject }, 'bus publish failed');
  }
}

function subjects(e: Execution, r: CountermeasureRequest): { type: string; id: string }[] {
  return [
    { type: 'case', id: r.caseId },
    { type: 'request', id: r.id },
    { type: 'execution', id: e.id },
  ];
}

/** The audit entries of an execution that was applied (or failed, or was restored after a restart). */
export function startedEntries(e: Execution, r: CountermeasureRequest, updates: readonly TargetUpdate[], restored: boolean): AuditEventInput[] {
  const targets = countTargets(updates);
  const { personal, truncated } = actionPersonal(r.action);
  const details = {
    mechanism: e.mechanism,
    path: r.path,
    digest: r.digest,
    state: e.state,
    restored,
    rules: new Set(updates.map((u) => u.ruleKey)).size,
    targets: { ...targets },
    expiresAt: e.expiresAt === null ? null : new Date(e.expiresAt).toISOString(),
    personalTruncated: truncated,
  };
  const out: AuditEventInput[] = [{ actor: SYSTEM_AUDIT_ACTOR, action: 'execution.start', outcome: e.state === 'failed' ? 'failed' : 'success', subjects: subjects(e, r), personal, details }];
  if ((r.mechanism === 'abuse_notice' || r.mechanism === 'isp_notice') && e.state !== 'failed') {
    out.push({ actor: SYSTEM_AUDIT_ACTOR, action: 'notice.send', subjects: subjects(e, r), personal, details: { mechanism: e.mechanism, delivered: targets.active, failed: targets.failed } });
  }
  return out;
}

/** Counts and publishes an execution that was applied (after its state and entries committed). */
export async function reportStarted(deps: ReportDeps, e: Execution, r: CountermeasureRequest, updates: readonly TargetUpdate[]): Promise<void> {
  const targets = countTargets(updates);
  deps.counters?.executions.inc({ mechanism: e.mechanism, outcome: e.state === 'active' ? 'started' : e.state });
  const event: ExecutionEvent = { requestId: r.id, executionId: e.id, mechanism: e.mechanism, state: e.state, expiresAt: e.expiresAt, targets };
  await publish(deps, OPERATIONS_SUBJECTS.executionStarted, event);
}

/** The audit entry of an execution that ended (expired, withdrawn, withdrawal ordered). */
export function endedEntry(e: Execution, r: CountermeasureRequest, reason: EndReason, actor: AuditActor, now: number): AuditEventInput {
  return {
    actor,
    action: reason === 'expired' ? 'execution.expire' : 'execution.stop',
    subjects: subjects(e, r),
    details: { mechanism: e.mechanism, reason, startedAt: new Date(e.startedAt).toISOString(), endedAt: new Date(e.endedAt ?? now).toISOString() },
  };
}

/** Counts and publishes an execution that ended (after its state and entry committed). */
export async function reportEnded(deps: ReportDeps, e: Execution, r: CountermeasureRequest, reason: EndReason): Promise<void> {
  deps.counters?.executions.inc({ mechanism: e.mechanism, outcome: reason });
  const event: ExecutionEvent = {
    requestId: r.id,
    executionId: e.id,
    mechanism: e.mechanism,
    state: e.state,
    expiresAt: e.expiresAt,
    targets: { pending: 0, active: 0, withdrawn: 0, failed: 0 },
    reason,
  };
  await publish(deps, OPERATIONS_SUBJECTS.executionEnded, event);
}
