/**
 * The sector regulator's actions on an incident of its sector: acknowledge a stage's latest
 * version, request more information, order a correction, close the matter.
 *
 * An information request on a stage whose clock starts at the authority's request (NIS2's
 * intermediate report) starts that clock, and its due date becomes the stage's due instant
 * ("set by authority"). A correction order's deadline joins the incident's next due instant; when
 * it passes unanswered the order is flagged as not complied with (`non-compliance.ts`).
 */
import type { Actor } from '../../core/roles.js';
import { newId } from '../../storage/id.js';
import { ERR_INCIDENT_STAGE, ERR_INCIDENT_STATE } from './errors.js';
import type { Incident, RegulatorRequest, ReportVersion, RequestKind } from './incident.js';
import { auditedWrite, incidentAuditEvent } from './incident-audit.js';
import { evaluateIncident } from './incident-deadlines.js';
import { checkRequestShape, checkStage } from './incident-input.js';
import { profileOf } from './regime-profile.js';
import { claim, hold, requireNotClosed, type ServiceContext, summaryColumns, timeline } from './service-context.js';

const noDrainHandler = () => undefined;

/** Acknowledges the latest version of a stage's report; from then on it can be amended only if the regulator asks for more. */
export async function acknowledgeReport(ctx: ServiceContext, actor: Actor, id: string, stageName: unknown): Promise<ReportVersion> {
  const { incident, role } = await hold(ctx, actor, id, 'regulate');
  requireNotClosed(incident);
  const name = checkStage(profileOf(incident.regime), stageName).rule.stage;
  const now = ctx.clock.now();
  return auditedWrite(
    ctx.db,
    ctx.audit,
    async (store, record) => {
      await claim(store, incident);
      const latest = await store.latestVersion(id, name);
      if (latest === undefined) throw new ERR_INCIDENT_STATE(id, `nothing submitted for the ${name} report`);
      if (latest.acknowledgedAt !== null) throw new ERR_INCIDENT_STATE(id, `version ${latest.version} of the ${name} report is acknowledged already`);
      await store.acknowledge(id, name, latest.version, now, actor.userId);
      await store.set(id, { updated_at: now });
      await timeline(store, id, now, actor.userId, 'acknowledged', { stage: name, version: latest.version });
      record(incidentAuditEvent({ actor, role }, 'incident.acknowledge', incident, { stage: name, version: latest.version }));
      return { ...latest, acknowledgedAt: now, acknowledgedBy: actor.userId };
    },
    ctx.onAuditDrainError ?? noDrainHandler,
  );
}

/** Records an information request (`information`) or a correction order (`correction-order`) on one stage. */
export async function issueRequest(ctx: ServiceContext, actor: Actor, id: string, input: unknown, kind: RequestKind): Promise<RegulatorRequest> {
  const { incident, role } = await hold(ctx, actor, id, 'regulate');
  requireNotClosed(incident);
  const now = ctx.clock.now();
  const shape = checkRequestShape(input, kind, now);
  const stage = checkStage(profileOf(incident.regime), shape.stage);
  const name = stage.rule.stage;
  const before = evaluateIncident(incident, now, ctx).stages.find((s) => s.stage === name);
  if (before === undefined || before.state === 'not-applicable') throw new ERR_INCIDENT_STAGE(name, incident.regime, 'does not apply to this incident (its conditions do not hold)');
  let facts = incident.facts;
  if (kind === 'information' && stage.startsOnRequest && facts.submissions[name] === undefined) {
    facts = {
      ...facts,
      anchors: { 'intermediate-request': now, ...facts.anchors },
      dueSetByAuthority: shape.dueAt === null ? facts.dueSetByAuthority : { ...facts.dueSetByAuthority, [name]: shape.dueAt },
    };
  }
  const request: RegulatorRequest = {
    id: newId(now),
    incidentId: incident.id,
    kind,
    stage: name,
    text: shape.text,
    dueAt: shape.dueAt,
    issuedAt: now,
    issuedBy: actor.userId,
    fulfilledAt: null,
    fulfilledVersion: null,
    nonCompliantAt: null,
  };
  const orderDueAt = kind === 'correction-order' && shape.dueAt !== null && (incident.orderDueAt === null || shape.dueAt < incident.orderDueAt) ? shape.dueAt : incident.orderDueAt;
  const next: Incident = { ...incident, facts, orderDueAt };
  const s = evaluateIncident(next, now, ctx);
  return auditedWrite(
    ctx.db,
    ctx.audit,
    async (store, record) => {
      await claim(store, incident);
      await store.insertRequest({
        id: request.id,
        incident_id: id,
        kind,
        stage: name,
        text: request.text,
        due_at: request.dueAt,
        issued_at: now,
        issued_by: actor.userId,
        fulfilled_at: null,
        fulfilled_version: null,
        non_compliant_at: null,
      });
      await store.set(id, { facts: JSON.stringify(facts), order_due_at: orderDueAt, updated_at: now, ...summaryColumns(s) });
      const details = { request: request.id, stage: name, dueAt: request.dueAt };
      await timeline(store, id, now, actor.userId, kind === 'information' ? 'information-requested' : 'correction-ordered', details);
      record(incidentAuditEvent({ actor, role }, kind === 'information' ? 'incident.request_information' : 'incident.correction_order', incident, details));
      return request;
    },
    ctx.onAuditDrainError ?? noDrainHandler,
  );
}

/** Closes the matter: no clock runs any more. Refused while a correction order is unanswered. */
export async function closeIncident(ctx: ServiceContext, actor: Actor, id: string): Promise<Incident> {
  const { incident, role } = await hold(ctx, actor, id, 'regulate');
  requireNotClosed(incident);
  const now = ctx.clock.now();
  return auditedWrite(
    ctx.db,
    ctx.audit,
    async (store, record) => {
      await claim(store, incident);
      const orders = (await store.requests(id, { open: true })).filter((r) => r.kind === 'correction-order');
      if (orders.length > 0) throw new ERR_INCIDENT_STATE(id, `correction order ${orders[0]!.id} is unanswered; it cannot be closed`);
      await store.set(id, { state: 'closed', closed_at: now, updated_at: now, next_due_at: null, next_due_ref: null, overdue: 0 });
      await timeline(store, id, now, actor.userId, 'closed', { previous: incident.state });
      record(incidentAuditEvent({ actor, role }, 'incident.close', incident, { previous: incident.state }));
      return { ...incident, state: 'closed' as const, closedAt: now, updatedAt: now, nextDueAt: null, nextDueRef: null, overdue: false, revision: incident.revision + 1 };
    },
    ctx.onAuditDrainError ?? noDrainHandler,
  );
}
