/**
 * The emergency path: during an active attack an officer acts at once, time-boxed; the commission
 * is told immediately, reviews within the deadline (overdue reviews escalate), and may order the
 * action withdrawn, which takes effect at once.
 */
import Type from 'typebox';
import type { Actor } from '../../core/roles.js';
import { actionPersonal, auditActor, SYSTEM_AUDIT_ACTOR } from '../audit.js';
import { ERR_APPROVAL_REASON_REQUIRED, ERR_APPROVAL_SELF_VOTE, ERR_OPERATIONS_EMERGENCY_REVIEWED, ERR_OPERATIONS_FORBIDDEN, ERR_OPERATIONS_REQUEST_STATE } from '../errors.js';
import { OPERATIONS_SUBJECTS, type EmergencyEvent } from '../events.js';
import { appendAudit } from '../execution/engine-report.js';
import { checkEmergency, newReview } from '../requests/emergency.js';
import { lockRequest, RequestStore } from '../requests/request-store.js';
import type { CountermeasureRequest } from '../requests/request.js';
import { checkInput, checkText } from '../validate.js';
import { auditRefusals, COMMISSION, emit, type ServiceContext } from './context.js';
import { prepareRequest } from './prepare-request.js';
import { requestSubjects } from './request-service.js';
import { requestView, type RequestView } from './request-view.js';

/** The commission's review as the API receives it. */
export const ReviewInputSchema = Type.Object(
  { outcome: Type.Union([Type.Literal('upheld'), Type.Literal('withdraw')]), reason: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);

function emergencyEvent(r: CountermeasureRequest, expiresAt: number | null, extra: Partial<EmergencyEvent> = {}): EmergencyEvent {
  const attackIds = r.evidence.filter((e) => e.kind === 'attack' || e.kind === 'attacker_list').map((e) => e.ref);
  return { requestId: r.id, caseId: r.caseId, mechanism: r.mechanism, attackIds, expiresAt, reviewDueAt: r.review?.dueAt ?? 0, ...extra };
}

/** Emergency actions and their review. */
export class EmergencyService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /**
   * Takes an emergency action: allowed only while a linked attack is active, for the configured
   * mechanisms, within the time box, with every applicable gate's reference supplied. Executes at
   * once; the commission is notified on the bus (`operations.emergency.started`).
   */
  async create(actor: Actor, input: unknown): Promise<RequestView> {
    return auditRefusals(this.#ctx, actor, 'emergency.start', [], async () => {
      if (!actor.roles.includes('designated_officer') && !actor.roles.includes('defence_operator')) {
        throw new ERR_OPERATIONS_FORBIDDEN('taking an emergency action', 'designated_officer, defence_operator');
      }
      const prepared = await prepareRequest(this.#ctx, actor, input, 'emergency');
      const p = prepared.request;
      checkEmergency(
        {
          mechanism: p.mechanism,
          attacks: prepared.attacks.map((a) => ({ id: a.attack.id, active: a.active })),
          requiredGates: p.gates.map((g) => g.kind),
          suppliedGates: p.gates.filter((g) => g.reference !== null).map((g) => g.kind),
        },
        this.#ctx.config.emergency,
      );
      const now = this.#ctx.clock.now();
      const request: CountermeasureRequest = { ...p, state: 'approved', decidedAt: now, review: newReview(now, this.#ctx.config.emergency) };
      const execution = await this.#ctx.db.transaction().execute(async (trx) => {
        await new RequestStore(trx).insert(request);
        return this.#ctx.engine.begin(trx, request);
      });
      const { personal, truncated } = actionPersonal(request.action);
      await appendAudit(this.#ctx, {
        actor: auditActor(actor, request.requesterRole),
        action: 'emergency.start',
        subjects: requestSubjects(request),
        personal,
        details: {
          mechanism: request.mechanism,
          digest: request.digest,
          durationSeconds: request.durationSeconds,
          reviewDueAt: new Date(request.review!.dueAt).toISOString(),
          attacks: prepared.attacks.map((a) => a.attack.id),
          gates: request.gates.map((g) => g.kind),
          personalTruncated: truncated,
        },
      });
      await emit(this.#ctx, OPERATIONS_SUBJECTS.emergencyStarted, emergencyEvent(request, execution.expiresAt));
      await this.#ctx.engine.run(execution.id);
      return requestView(this.#ctx, await new RequestStore(this.#ctx.db).require(request.id));
    });
  }

  /**
   * The commission's review of an emergency action: `upheld`, or `withdraw` (with reasons),
   * which takes the action out of force at once if it still is. Never by the requester.
   */
  async review(actor: Actor, id: string, input: unknown): Promise<RequestView> {
    const store = new RequestStore(this.#ctx.db);
    const before = await store.require(id);
    return auditRefusals(this.#ctx, actor, 'emergency.review', requestSubjects(before), async () => {
      if (!actor.roles.includes('commission_member')) throw new ERR_OPERATIONS_FORBIDDEN('reviewing an emergency action', COMMISSION.join(', '));
      const v = checkInput(ReviewInputSchema, input);
      const reason = v.reason === undefined || v.reason.trim() === '' ? null : checkText(v.reason, '/reason', 4000, { multiline: true });
      if (v.outcome === 'withdraw' && reason === null) throw new ERR_APPROVAL_REASON_REQUIRED();
      const now = this.#ctx.clock.now();
      const reviewed = await this.#ctx.db.transaction().execute(async (trx) => {
        await lockRequest(trx, id);
        const rs = new RequestStore(trx);
        const r = await rs.require(id);
        if (r.path !== 'emergency' || r.review === null) throw new ERR_OPERATIONS_REQUEST_STATE(id, r.path, 'only emergency actions are reviewed afterwards');
        if (r.requestedBy === actor.userId) throw new ERR_APPROVAL_SELF_VOTE(actor.userId);
        if (r.review.state !== 'pending') throw new ERR_OPERATIONS_EMERGENCY_REVIEWED(id);
        const updated: CountermeasureRequest = {
          ...r,
          review: { ...r.review, state: v.outcome === 'upheld' ? 'upheld' : 'withdrawal_ordered', reviewedBy: actor.userId, reviewedAt: now, reason },
          updatedAt: now,
        };
        if (!(await rs.setReview(id, updated.review!, now))) throw new ERR_OPERATIONS_EMERGENCY_REVIEWED(id);
        return updated;
      });
      await appendAudit(this.#ctx, {
        actor: auditActor(actor, 'commission_member'),
        action: 'emergency.review',
        subjects: requestSubjects(reviewed),
        details: { outcome: reviewed.review!.state, late: now > reviewed.review!.dueAt, ...(reason === null ? {} : { reason }) },
      });
      const execution = await this.#ctx.engine.store.byRequest(id);
      if (v.outcome === 'withdraw' && execution !== undefined) {
        await this.#ctx.engine.end(execution.id, 'withdrawal_ordered', auditActor(actor, 'commission_member'), `withdrawal ordered by the commission: ${reason}`);
      }
      await emit(this.#ctx, OPERATIONS_SUBJECTS.emergencyReviewed, emergencyEvent(reviewed, execution?.expiresAt ?? null, { outcome: reviewed.review!.state === 'upheld' ? 'upheld' : 'withdrawal_ordered' }));
      return requestView(this.#ctx, await store.require(id));
    });
  }

  /**
   * Escalates every emergency action whose review deadline passed without a review: flags it
   * (`review.escalatedAt`), records it, and publishes `operations.emergency.review_overdue`.
   * Returns how many were escalated. Called by the component's periodic check.
   */
  async escalateOverdueReviews(): Promise<number> {
    const now = this.#ctx.clock.now();
    const store = new RequestStore(this.#ctx.db);
    let n = 0;
    for (const r of await store.overdueReviews(now)) {
      const escalated: CountermeasureRequest = { ...r, review: { ...r.review!, escalatedAt: now }, updatedAt: now };
      if (!(await store.markEscalated(r.id, now))) continue;
      n++;
      this.#ctx.counters.escalations.inc();
      const overdueSeconds = Math.floor((now - r.review!.dueAt) / 1000);
      await appendAudit(this.#ctx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'emergency.review',
        outcome: 'failed',
        subjects: requestSubjects(r),
        details: { escalated: true, overdueSeconds, dueAt: new Date(r.review!.dueAt).toISOString() },
      });
      const execution = await this.#ctx.engine.store.byRequest(r.id);
      await emit(this.#ctx, OPERATIONS_SUBJECTS.emergencyReviewOverdue, emergencyEvent(escalated, execution?.expiresAt ?? null, { overdueSeconds }));
    }
    return n;
  }
}
