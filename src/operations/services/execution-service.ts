/**
 * Actions in force: early withdrawal (by the requester, or ordered by a commission member),
 * another attempt at a failed execution (never past its deadline or time box), the outcome report
 * of access and neutralisation, and the per-target, per-peer state.
 */
import Type from 'typebox';
import type { Actor } from '../../core/roles.js';
import { auditActor } from '../audit.js';
import { ERR_OPERATIONS_REQUEST_STATE } from '../errors.js';
import type { ExecutionTarget } from '../execution/execution.js';
import { timeBoxEnd } from '../requests/emergency.js';
import { RequestStore } from '../requests/request-store.js';
import { linkedAttackIds, type OutcomeReport } from '../requests/request.js';
import { authorize } from '../policy/request-policy.js';
import { checkInput, checkText, optionalText } from '../validate.js';
import { auditRefusals, guardNetworks, guardVictims, linkedAttacks, policySettings, READERS, requireRole, withAudit, type ServiceContext } from './context.js';
import { auditRequestRead, requestSubjects } from './request-service.js';
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
      const why = optionalText(reason, '/reason', 2000, { multiline: true });
      const grant = authorize({ transition: 'withdraw', actor, request: r, reason: why }, policySettings(this.#ctx));
      const execution = await this.#ctx.engine.store.byRequest(id);
      if (execution === undefined) throw new ERR_OPERATIONS_REQUEST_STATE(id, r.state, 'only an action in force can be withdrawn');
      const byCommission = grant.as === 'commission';
      await this.#ctx.engine.end(execution.id, byCommission ? 'withdrawal_ordered' : 'withdrawn', auditActor(actor, grant.role ?? undefined), why ?? 'withdrawn by the requester');
      return requestView(this.#ctx, await this.#store.require(id));
    });
  }

  /**
   * Tries a failed execution again, keeping its original deadline: a retry never lengthens an
   * action, and an emergency action past its time box is never executed again. Only the requester;
   * the guards are checked again, as at approval.
   */
  async retry(actor: Actor, id: string): Promise<RequestView> {
    const r = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'execution.start', requestSubjects(r), async () => {
      const execution = await this.#ctx.engine.store.byRequest(id);
      const now = this.#ctx.clock.now();
      authorize(
        {
          transition: 'retry',
          actor,
          request: r,
          executionFailed: execution?.state === 'failed',
          now,
          deadline: execution?.expiresAt ?? null,
          timeBoxEnd: r.path === 'emergency' ? timeBoxEnd(r.createdAt, this.#ctx.config.emergency) : null,
        },
        policySettings(this.#ctx),
      );
      this.#ctx.guards.check({
        action: r.action,
        durationSeconds: r.durationSeconds,
        path: r.path,
        networks: await guardNetworks(this.#ctx),
        victims: guardVictims(await linkedAttacks(this.#ctx, linkedAttackIds(r.evidence))),
        rulesInForce: await this.#store.rulesInForce(r.mechanism, r.id),
      });
      await this.#ctx.engine.retry(execution!.id);
      return requestView(this.#ctx, await this.#store.require(id));
    });
  }

  /** Files the outcome report of an access-and-neutralisation authorisation. Only the requesting officer, once. */
  async reportOutcome(actor: Actor, id: string, input: unknown): Promise<RequestView> {
    const r = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'report.submit', requestSubjects(r), async () => {
      const grant = authorize({ transition: 'report_outcome', actor, request: r }, policySettings(this.#ctx));
      const v = checkInput(OutcomeInputSchema, input);
      const now = this.#ctx.clock.now();
      const outcome: OutcomeReport = { reportedBy: actor.userId, reportedAt: now, outcome: v.outcome, report: checkText(v.report, '/report', 20000, { multiline: true }) };
      const ok = await withAudit(this.#ctx, async (trx, record) => {
        if (!(await new RequestStore(trx).setOutcome(id, outcome, now))) return false;
        await record({ actor: auditActor(actor, grant.role ?? undefined), action: 'report.submit', subjects: requestSubjects(r), details: { kind: 'neutralisation_outcome', outcome: v.outcome } });
        return true;
      });
      if (!ok) throw new ERR_OPERATIONS_REQUEST_STATE(id, 'reported', 'the outcome was already reported');
      return requestView(this.#ctx, await this.#store.require(id));
    });
  }

  /**
   * Every target of a request's execution with its per-peer state. It names target addresses, so
   * the read is audited as a look at personal data for the request's case before it is returned.
   */
  async targets(actor: Actor, id: string): Promise<ExecutionTarget[]> {
    requireRole(actor, READERS, 'reading execution state');
    const r = await this.#store.require(id);
    const execution = await this.#ctx.engine.store.byRequest(id);
    const targets = execution === undefined ? [] : await this.#ctx.engine.store.targets(execution.id);
    if (targets.length > 0) await auditRequestRead(this.#ctx, actor, r, 'execution targets');
    return targets;
  }
}
