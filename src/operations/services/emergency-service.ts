/**
 * The emergency path: during an active attack an officer acts at once, time-boxed; the commission
 * is told immediately, reviews within the deadline (overdue reviews escalate), and may order the
 * action withdrawn, which takes effect at once.
 */
import Type from 'typebox';
import type { Actor } from '../../core/roles.js';
import { actionPersonal, auditActor, SYSTEM_AUDIT_ACTOR } from '../audit.js';
import { ruleCount } from '../catalogue/action.js';
import { ERR_OPERATIONS_EMERGENCY_REVIEWED } from '../errors.js';
import { authorize } from '../policy/request-policy.js';
import { OPERATIONS_SUBJECTS, type EmergencyEvent } from '../events.js';
import { newReview } from '../requests/emergency.js';
import { lockRequest, RequestStore } from '../requests/request-store.js';
import type { CountermeasureRequest } from '../requests/request.js';
import { checkInput, optionalText } from '../validate.js';
import { auditRefusals, emit, policySettings, withAudit, type ServiceContext } from './context.js';
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
   * Takes an emergency action: allowed only to officers, while a linked attack is active, for the
   * configured mechanisms, within the time box, with every target derived from the active linked
   * attacks and no gate required (see the request policy). Executes at once; the commission is
   * notified on the bus (`operations.emergency.started`).
   */
  async create(actor: Actor, input: unknown): Promise<RequestView> {
    return auditRefusals(this.#ctx, actor, 'emergency.start', [], async () => {
      const prepared = await prepareRequest(this.#ctx, actor, input, 'emergency');
      const p = prepared.request;
      const now = this.#ctx.clock.now();
      const request: CountermeasureRequest = { ...p, state: 'approved', decidedAt: now, review: newReview(now, this.#ctx.config.emergency) };
      const { personal, truncated } = actionPersonal(request.action);
      const execution = await withAudit(this.#ctx, async (trx, record) => {
        await new RequestStore(trx).insert(request);
        const e = await this.#ctx.engine.begin(trx, request);
        await record({
          actor: auditActor(actor, request.requesterRole),
          action: 'emergency.start',
          subjects: requestSubjects(request),
          personal,
          details: {
            mechanism: request.mechanism,
            digest: request.digest,
            durationSeconds: request.durationSeconds,
            reviewDueAt: new Date(request.review!.dueAt).toISOString(),
            attacks: prepared.attacks.filter((a) => a.active).map((a) => a.attack.id),
            targets: ruleCount(request.action),
            personalTruncated: truncated,
          },
        });
        return e;
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
      const v = checkInput(ReviewInputSchema, input);
      const reason = optionalText(v.reason, '/reason', 4000, { multiline: true });
      const now = this.#ctx.clock.now();
      const reviewed = await withAudit(this.#ctx, async (trx, record) => {
        await lockRequest(trx, id);
        const rs = new RequestStore(trx);
        const r = await rs.require(id);
        const grant = authorize({ transition: 'review', actor, request: r, outcome: v.outcome, reason }, policySettings(this.#ctx));
        const updated: CountermeasureRequest = {
          ...r,
          review: { ...r.review!, state: v.outcome === 'upheld' ? 'upheld' : 'withdrawal_ordered', reviewedBy: actor.userId, reviewedAt: now, reason },
          updatedAt: now,
        };
        if (!(await rs.setReview(id, updated.review!, now))) throw new ERR_OPERATIONS_EMERGENCY_REVIEWED(id);
        await record({
          actor: auditActor(actor, grant.role ?? undefined),
          action: 'emergency.review',
          subjects: requestSubjects(updated),
          details: { outcome: updated.review!.state, late: now > updated.review!.dueAt, ...(reason === null ? {} : { reason }) },
        });
        return updated;
      });
      const execution = await this.#ctx.engine.store.byRequest(id);
      if (v.outcome === 'withdraw' && execution !== undefined) {
        await this.#ctx.engine.end(execution.id, 'withdrawal_ordered', auditActor(actor, 'commission_member'), `withdrawal ordered by the commission: ${reason}`);
      }
      await emit(
        this.#ctx,
        OPERATIONS_SUBJECTS.emergencyReviewed,
        emergencyEvent(reviewed, execution?.expiresAt ?? null, { outcome: reviewed.review!.state === 'upheld' ? 'upheld' : 'withdrawal_ordered' }),
      );
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
      const overdueSeconds = Math.floor((now - r.review!.dueAt) / 1000);
      const marked = await withAudit(this.#ctx, async (trx, record) => {
        if (!(await new RequestStore(trx).markEscalated(r.id, now))) return false;
        await record({
          actor: SYSTEM_AUDIT_ACTOR,
          action: 'emergency.review',
          outcome: 'failed',
          subjects: requestSubjects(r),
          details: { escalated: true, overdueSeconds, dueAt: new Date(r.review!.dueAt).toISOString() },
        });
        return true;
      });
      if (!marked) continue;
      n++;
      this.#ctx.counters.escalations.inc();
      const execution = await this.#ctx.engine.store.byRequest(r.id);
      await emit(this.#ctx, OPERATIONS_SUBJECTS.emergencyReviewOverdue, emergencyEvent(escalated, execution?.expiresAt ?? null, { overdueSeconds }));
    }
    return n;
  }
}
