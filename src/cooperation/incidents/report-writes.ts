/**
 * The reporter's reports: save a draft, submit a stage (version 1), amend it (version n + 1).
 *
 * A submitted version is judged once, at submission: version 1 against the stage's due instant,
 * an amendment against the earliest due date of the regulator's requests it answers. Lateness is
 * whole seconds over the full span (`lateBySeconds`: 25 h late is 90 000 s, never "1 h").
 * Amending is refused once the regulator acknowledged the latest version, unless the regulator
 * has since asked for more (an open information request or correction order on the stage).
 */
import type { Actor } from '../../core/roles.js';
import { lateBySeconds, type StageDeadline } from '../regimes/index.js';
import { ERR_INCIDENT_ACKNOWLEDGED, ERR_INCIDENT_INVALID, ERR_INCIDENT_STAGE, ERR_INCIDENT_STATE } from './errors.js';
import type { Incident, ReportContent, ReportVersion } from './incident.js';
import { auditedWrite, incidentAuditEvent } from './incident-audit.js';
import { evaluateIncident } from './incident-deadlines.js';
import { checkStage } from './incident-input.js';
import { IncidentStore } from './incident-store.js';
import { flagOrder, lapsed } from './non-compliance.js';
import { profileOf, type StageProfile } from './regime-profile.js';
import { checkReportContent } from './report-content.js';
import { claim, hold, requireNotClosed, type ServiceContext, summaryColumns, timeline } from './service-context.js';

const noDrainHandler = () => undefined;

/** The stage `name` of the incident's regime, refused when its conditions do not hold for this incident. */
function applicableStage(incident: Incident, name: unknown, now: number, ctx: ServiceContext): { stage: StageProfile; deadline: StageDeadline } {
  const stage = checkStage(profileOf(incident.regime), name);
  const deadline = evaluateIncident(incident, now, ctx).stages.find((s) => s.stage === stage.rule.stage);
  if (deadline === undefined || deadline.state === 'not-applicable') {
    throw new ERR_INCIDENT_STAGE(stage.rule.stage, incident.regime, 'does not apply to this incident (its conditions do not hold)');
  }
  return { stage, deadline };
}

/** Saves the draft of a stage's report (incomplete content allowed); only the organisation's reporters see drafts. */
export async function saveDraft(ctx: ServiceContext, actor: Actor, id: string, stageName: unknown, content: unknown): Promise<{ readonly stage: string; readonly updatedAt: number }> {
  const { incident, role } = await hold(ctx, actor, id, 'report');
  requireNotClosed(incident);
  const now = ctx.clock.now();
  const { stage } = applicableStage(incident, stageName, now, ctx);
  const checked = checkReportContent(content, stage, 'draft');
  const name = stage.rule.stage;
  return auditedWrite(
    ctx.db,
    ctx.audit,
    async (store, record) => {
      await store.putDraft({ incident_id: id, stage: name, content: JSON.stringify(checked), updated_at: now, updated_by: actor.userId });
      await timeline(store, id, now, actor.userId, 'draft-saved', { stage: name });
      record(incidentAuditEvent({ actor, role }, 'incident.draft', incident, { stage: name }));
      return { stage: name, updatedAt: now };
    },
    ctx.onAuditDrainError ?? noDrainHandler,
  );
}

/**
 * Submits (`amend` false) or amends (`amend` true) a stage's report, with `content` or, when it is
 * undefined, the stage's draft. The submission opens a draft incident, answers the open requests
 * and orders on the stage, and flags an order answered after its deadline as not complied with.
 */
export async function fileReport(ctx: ServiceContext, actor: Actor, id: string, stageName: unknown, content: unknown, amend: boolean): Promise<ReportVersion> {
  const { incident, role } = await hold(ctx, actor, id, 'report');
  requireNotClosed(incident);
  const now = ctx.clock.now();
  const { stage, deadline } = applicableStage(incident, stageName, now, ctx);
  const name = stage.rule.stage;
  const first = incident.facts.submissions[name] === undefined;
  if (!amend && !first) throw new ERR_INCIDENT_STATE(id, `the ${name} report was submitted already; amend it`);
  if (amend && first) throw new ERR_INCIDENT_STATE(id, `the ${name} report has not been submitted; submit it first`);
  let body: ReportContent;
  if (content !== undefined) body = checkReportContent(content, stage, 'submission');
  else {
    const [draft] = await new IncidentStore(ctx.db).drafts(id, name);
    if (draft === undefined) throw new ERR_INCIDENT_INVALID('/content', `no content given and no draft of the ${name} report saved`);
    body = checkReportContent(JSON.parse(draft.content), stage, 'submission');
  }
  return auditedWrite(
    ctx.db,
    ctx.audit,
    async (store, record) => {
      await claim(store, incident);
      const latest = await store.latestVersion(id, name);
      const open = await store.requests(id, { open: true, stage: name });
      if (amend && latest !== undefined && latest.acknowledgedAt !== null && open.length === 0) throw new ERR_INCIDENT_ACKNOWLEDGED(name, id);
      const version = (latest?.version ?? 0) + 1;
      // Version 1 answers to the law's clock; an amendment to the regulator's dates, if any.
      const asked = open.map((r) => r.dueAt).filter((d): d is number => d !== null);
      const dueAt = first ? deadline.dueAt : asked.length > 0 ? Math.min(...asked) : null;
      const dueBasis = first ? deadline.basis : dueAt === null ? null : 'set-by-authority';
      const late = dueAt === null ? null : Math.max(0, lateBySeconds(dueAt, now));
      // An order answered after its deadline was not complied with: flagged before it is marked answered.
      let flagged = false;
      for (const r of open) if (lapsed(r, now)) flagged = (await flagOrder(store, incident, r, now, record)) || flagged;
      await store.fulfil(
        open.map((r) => r.id),
        now,
        version,
      );
      const facts = {
        ...incident.facts,
        submissions: first ? { ...incident.facts.submissions, [name]: now } : incident.facts.submissions,
        lastSubmissions: { ...incident.facts.lastSubmissions, [name]: now },
      };
      const next: Incident = {
        ...incident,
        state: incident.state === 'draft' ? 'open' : incident.state,
        facts,
        orderDueAt: await store.orderDueAt(id),
        nonCompliant: incident.nonCompliant || flagged,
      };
      const s = evaluateIncident(next, now, ctx);
      await store.set(id, {
        state: next.state,
        facts: JSON.stringify(facts),
        order_due_at: next.orderDueAt,
        non_compliant: next.nonCompliant ? 1 : 0,
        updated_at: now,
        ...summaryColumns(s),
      });
      const answers = open.map((r) => r.id);
      await store.insertVersion({
        incident_id: id,
        stage: name,
        version,
        content: JSON.stringify(body),
        submitted_at: now,
        submitted_by: actor.userId,
        due_at: dueAt,
        due_basis: dueBasis,
        late_by_seconds: late,
        answers: JSON.stringify(answers),
        acknowledged_at: null,
        acknowledged_by: null,
      });
      await store.deleteDraft(id, name);
      const details = { stage: name, version, dueAt, dueBasis, lateBySeconds: late, answers };
      await timeline(store, id, now, actor.userId, first ? 'submitted' : 'amended', details);
      record(incidentAuditEvent({ actor, role }, first ? 'incident.submit' : 'incident.amend', incident, details));
      const out: ReportVersion = {
        incidentId: incident.id,
        stage: name,
        version,
        content: body,
        submittedAt: now,
        submittedBy: actor.userId,
        dueAt,
        dueBasis,
        lateBySeconds: late,
        answers,
        acknowledgedAt: null,
        acknowledgedBy: null,
      };
      return out;
    },
    ctx.onAuditDrainError ?? noDrainHandler,
  );
}
