/**
 * Actions in force: early withdrawal (by the requester, or ordered by a commission member),
 * another attempt at a failed execution (never past its deadline or time box), the outcome report
 * of access and neutralisation, and the per-target, per-peer state.
 */
import Type from 'typebox';
import type { Actor } from '../../core/roles.js';
import { auditActor } from '../audit.js';
import {
  ERR_APPROVAL_REASON_REQUIRED,
  ERR_OPERATIONS_EMERGENCY_EXPIRED,
  ERR_OPERATIONS_FORBIDDEN,
  ERR_OPERATIONS_NOT_REQUESTER,
  ERR_OPERATIONS_REQUEST_STATE,
} from '../errors.js';
import { appendAudit } from '../execution/engine-report.js';
import type { ExecutionTarget } from '../execution/execution.js';
import { timeBoxEnd } from '../requests/emergency.js';
import { RequestStore } from '../requests/request-store.js';
import type { OutcomeReport } from '../requests/request.js';
import { checkInput, checkText } from '../validate.js';
import { auditRefusals, READERS, requireRole, type ServiceContext } from './context.js';
import { requestSubjects } from './request-service.js';
import { requestView, type RequestView } from './request-view.js';

/** The outcome report of access and neutralisation as the API receives it. */
export const OutcomeInputSchema = Type.Object(
  {
    outcome: Type.Union([Type.Literal('neutralised'), Type.Literal('partially_neutralised'), Type.Literal('not_executed'), Type.Literal('failed')]),
    report: Type.String({ minLength: 1, maxLength: 20000 }),
  },
  { additionalProperties: false },
);

/** Withdrawal, retry, outcome reports and target state. */
export class ExecutionService {
  readonly #ctx: ServiceContext;
  readonly #store: RequestStore;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
    this.#store = new RequestStore(ctx.db);
  }

  /**
   * Takes an action out of force now. The requester withdraws it; a commission member orders
   * its withdrawal (reasons required). Effective at once on every peer.
   */
  async withdraw(actor: Actor, id: string, reason: unknown): Promise<RequestView> {
    const r = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'execution.stop', requestSubjects(r), async () => {
      const byRequester = r.requestedBy === actor.userId;
      const byCommission = !byRequester && actor.roles.includes('commission_member');
      if (!byRequester && !byCommission) throw new ERR_OPERATIONS_FORBIDDEN('withdrawing an action', 'the requester or commission_member');
      if (byCommission && (typeof reason !== 'string' || reason.trim() === '')) throw new ERR_APPROVAL_REASON_REQUIRED();
      const why = checkText(reason, '/reason', 2000, { multiline: true });
      const execution = await this.#ctx.engine.store.byRequest(id);
      if (r.state !== 'active' || execution === undefined) throw new ERR_OPERATIONS_REQUEST_STATE(id, r.state, 'only an action in force can be withdrawn');
      const role = byCommission ? 'commission_member' : r.requesterRole;
      await this.#ctx.engine.end(execution.id, byCommission ? 'withdrawal_ordered' : 'withdrawn', auditActor(actor, role), why);
      return requestView(this.#ctx, await this.#store.require(id));
    });
  }

  /**
   * Tries a failed execution again, keeping its original deadline: a retry never lengthens an
   * action, and an emergency action past its time box is never executed again. Only the requester.
   */
  async retry(actor: Actor, id: string): Promise<RequestView> {
    const r = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'execution.start', requestSubjects(r), async () => {
      if (r.requestedBy !== actor.userId) throw new ERR_OPERATIONS_NOT_REQUESTER('retry an execution');
      const execution = await this.#ctx.engine.store.byRequest(id);
      if (r.state !== 'failed' || execution === undefined || execution.state !== 'failed') throw new ERR_OPERATIONS_REQUEST_STATE(id, r.state, 'only a failed execution can be retried');
      const now = this.#ctx.clock.now();
      if (r.path === 'emergency' && now >= Math.min(timeBoxEnd(r.createdAt, this.#ctx.config.emergency), execution.expiresAt ?? Infinity)) {
        throw new ERR_OPERATIONS_EMERGENCY_EXPIRED(id);
      }
      if (execution.expiresAt !== null && execution.expiresAt <= now) throw new ERR_OPERATIONS_REQUEST_STATE(id, 'past its deadline', 'request approval again');
      await this.#ctx.engine.retry(execution.id);
      return requestView(this.#ctx, await this.#store.require(id));
    });
  }

  /** Files the outcome report of an access-and-neutralisation authorisation. Only the requesting officer, once. */
  async reportOutcome(actor: Actor, id: string, input: unknown): Promise<RequestView> {
    const r = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'report.submit', requestSubjects(r), async () => {
      if (r.requestedBy !== actor.userId) throw new ERR_OPERATIONS_NOT_REQUESTER('report the outcome');
      if (r.mechanism !== 'access_neutralisation') throw new ERR_OPERATIONS_REQUEST_STATE(id, r.mechanism, 'only access and neutralisation has an outcome report');
      if (!['active', 'expired', 'withdrawn'].includes(r.state)) throw new ERR_OPERATIONS_REQUEST_STATE(id, r.state, 'the authorisation was never in force');
      const v = checkInput(OutcomeInputSchema, input);
      const now = this.#ctx.clock.now();
      const outcome: OutcomeReport = { reportedBy: actor.userId, reportedAt: now, outcome: v.outcome, report: checkText(v.report, '/report', 20000, { multiline: true }) };
      if (!(await this.#store.setOutcome(id, outcome, now))) throw new ERR_OPERATIONS_REQUEST_STATE(id, 'reported', 'the outcome was already reported');
      await appendAudit(this.#ctx, { actor: auditActor(actor, r.requesterRole), action: 'report.submit', subjects: requestSubjects(r), details: { kind: 'neutralisation_outcome', outcome: v.outcome } });
      return requestView(this.#ctx, await this.#store.require(id));
    });
  }

  /** Every target of a request's execution with its per-peer state. */
  async targets(actor: Actor, id: string): Promise<ExecutionTarget[]> {
    requireRole(actor, READERS, 'reading execution state');
    const execution = await this.#ctx.engine.store.byRequest(id);
    return execution === undefined ? [] : this.#ctx.engine.store.targets(execution.id);
  }
}
