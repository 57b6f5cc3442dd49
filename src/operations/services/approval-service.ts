/**
 * The commission's prior approval: votes bound to the digest of the exact action, the extra
 * gates, and the decision — which, once the quorum and the gates are there, puts the action in
 * force at once.
 */
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { Actor } from '../../core/roles.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import { auditActor } from '../audit.js';
import { isSakimoriError } from '../../core/errors.js';
import { ERR_APPROVAL_NOT_PENDING } from '../errors.js';
import { OPERATIONS_SUBJECTS } from '../events.js';
import type { Execution } from '../execution/execution.js';
import { authorize } from '../policy/request-policy.js';
import { decide, tally, type Vote } from '../requests/approval.js';
import type { GuardNetwork, GuardVictim } from '../requests/guards.js';
import { lockRequest, RequestStore } from '../requests/request-store.js';
import { checkPap } from '../requests/pap-check.js';
import { GATE_KINDS, linkedAttackIds, type CountermeasureRequest, type GateKind } from '../requests/request.js';
import { checkInput, checkText, optionalText } from '../validate.js';
import { auditRefusals, emit, guardNetworks, guardVictims, linkedAttacks, policySettings, withAudit, type RecordAudit, type ServiceContext } from './context.js';
import { requestEvent, requestSubjects } from './request-service.js';
import { requestView, type RequestView } from './request-view.js';

/** A commission member's vote as the API receives it. */
export const VoteInputSchema = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    /** The digest shown to the member with the request: the vote is for exactly that action. */
    digest: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    reason: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

/** A gate reference as the API receives it. */
export const GateInputSchema = Type.Object({ gate: Type.Union(GATE_KINDS.map((g) => Type.Literal(g))), reference: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

/** What a decision did. */
interface Settled {
  readonly request: CountermeasureRequest;
  readonly decided: 'pending' | 'approved' | 'rejected' | 'failed';
  readonly execution: Execution | undefined;
  readonly vote?: Vote;
  /** The members whose approvals made the quorum. */
  readonly approvals?: readonly string[];
}

/** Votes, gates and decisions. */
/** What the approval re-checks outside its transaction: the guards' facts and the PAP verdict (an error when it forbids). */
interface GuardFacts {
  readonly networks: GuardNetwork[];
  readonly victims: GuardVictim[];
  readonly pap: unknown;
}

export class ApprovalService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /**
   * Casts a commission member's vote on the action with the given digest. Refused for the
   * requester, for a second vote on the same action, for a digest that is no longer the
   * request's (it was amended), and for a rejection without reasons. The vote, the decision it
   * brings about and their audit entries commit together.
   */
  async vote(actor: Actor, id: string, input: unknown): Promise<RequestView> {
    const store = new RequestStore(this.#ctx.db);
    const before = await store.require(id);
    return auditRefusals(this.#ctx, actor, 'request.vote', requestSubjects(before), async () => {
      const v = checkInput(VoteInputSchema, input);
      const reason = optionalText(v.reason, '/reason', 4000, { multiline: true });
      const facts = await this.#guardFacts(before);
      const settled = await withAudit(this.#ctx, async (trx, record) => {
        await lockRequest(trx, id);
        const rs = new RequestStore(trx);
        const r = await rs.require(id);
        const votes = await rs.votes(id);
        const grant = authorize({ transition: 'vote', actor, request: r, votes, votedDigest: v.digest, decision: v.decision, reason }, policySettings(this.#ctx));
        const vote: Vote = { id: newId(this.#ctx.clock.now()), requestId: id, voter: actor.userId, decision: v.decision, digest: v.digest, reason, createdAt: this.#ctx.clock.now() };
        await rs.insertVote(vote);
        await record({
          actor: auditActor(actor, grant.role ?? undefined),
          action: 'request.vote',
          subjects: requestSubjects(r),
          details: { decision: v.decision, digest: v.digest, revision: r.revision, ...(reason === null ? {} : { reason }) },
        });
        return { ...(await this.#settle(trx, r, facts, actor, record)), vote };
      });
      return this.#after(settled);
    });
  }

  /**
   * Records a gate the request needs (foreign-ministry consultation, Prime Minister's order,
   * national security council review) by its reference. Roles: the requester or an NCO analyst.
   */
  async recordGate(actor: Actor, id: string, input: unknown): Promise<RequestView> {
    const store = new RequestStore(this.#ctx.db);
    const before = await store.require(id);
    return auditRefusals(this.#ctx, actor, 'request.decide', requestSubjects(before), async () => {
      const g = checkInput(GateInputSchema, input);
      const reference = checkText(g.reference, '/reference', 200);
      const facts = await this.#guardFacts(before);
      const settled = await withAudit(this.#ctx, async (trx, record) => {
        await lockRequest(trx, id);
        const rs = new RequestStore(trx);
        const r = await rs.require(id);
        const grant = authorize({ transition: 'record_gate', actor, request: r, gate: g.gate as GateKind }, policySettings(this.#ctx));
        const now = this.#ctx.clock.now();
        const updated: CountermeasureRequest = { ...r, gates: r.gates.map((x) => (x.kind === g.gate ? { kind: x.kind, reference, recordedBy: actor.userId, recordedAt: now } : x)), updatedAt: now };
        if (!(await rs.replace(updated, 'pending_approval'))) throw new ERR_APPROVAL_NOT_PENDING(id, 'decided meanwhile');
        await record({ actor: auditActor(actor, grant.role ?? undefined), action: 'request.decide', subjects: requestSubjects(updated), details: { step: 'gate_recorded', gate: g.gate as GateKind } });
        return this.#settle(trx, updated, facts, actor, record);
      });
      await emit(this.#ctx, OPERATIONS_SUBJECTS.gateRecorded, requestEvent(settled.request));
      return this.#after(settled);
    });
  }

  /** Facts the guards need that live outside the database transaction. */
  async #guardFacts(r: CountermeasureRequest): Promise<GuardFacts> {
    const attacks = await linkedAttacks(this.#ctx, linkedAttackIds(r.evidence));
    // The intelligence cited may have been re-marked since the request was made: PAP is checked again now.
    const pap = await checkPap(r.mechanism, r.evidence, this.#ctx.intel).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { networks: await guardNetworks(this.#ctx), victims: guardVictims(attacks), pap };
  }

  /**
   * Inside the transaction: decides if the votes and gates allow (the `execute` rule: a quorum of
   * distinct members on the current digest, every gate recorded, the guards still passing), begins
   * the execution, and records the decision.
   */
  async #settle(trx: Kysely<Database>, r: CountermeasureRequest, facts: GuardFacts, actor: Actor, record: RecordAudit): Promise<Settled> {
    const rs = new RequestStore(trx);
    const t = tally(await rs.votes(r.id), r.digest, { ...this.#ctx.config.approval, ...this.#ctx.config.gates });
    const d = decide(t, r.gates);
    const now = this.#ctx.clock.now();
    if (d === 'pending') return { request: r, decided: 'pending', execution: undefined };
    let out: Settled;
    if (d === 'rejected') {
      const rejected: CountermeasureRequest = { ...r, state: 'rejected', rejectionReasons: t.rejections.map((x) => x.reason), decidedAt: now, updatedAt: now };
      await rs.replace(rejected, 'pending_approval');
      out = { request: rejected, decided: 'rejected', execution: undefined };
    } else {
      try {
        // What was proportionate and allowed when requested must still be when it takes effect.
        if (facts.pap !== undefined) throw facts.pap;
        this.#ctx.guards.check({
          action: r.action,
          durationSeconds: r.durationSeconds,
          path: r.path,
          networks: facts.networks,
          victims: facts.victims,
          rulesInForce: await rs.rulesInForce(r.mechanism, r.id),
        });
        const approved: CountermeasureRequest = { ...r, state: 'approved', decidedAt: now, updatedAt: now };
        await rs.replace(approved, 'pending_approval');
        const execution = await this.#ctx.engine.begin(trx, approved);
        out = { request: { ...approved, state: 'active' }, decided: 'approved', execution, approvals: t.approvals };
      } catch (e) {
        if (!isSakimoriError(e) || e.statusCode >= 500) throw e;
        const failed: CountermeasureRequest = { ...r, state: 'failed', endReason: e.message, decidedAt: now, updatedAt: now };
        await rs.replace(failed, 'pending_approval');
        out = { request: failed, decided: 'failed', execution: undefined };
      }
    }
    await record({
      actor: auditActor(actor),
      action: 'request.decide',
      outcome: out.decided === 'failed' ? 'failed' : 'success',
      subjects: requestSubjects(out.request),
      details: {
        decision: out.decided,
        digest: r.digest,
        ...(out.approvals === undefined ? {} : { approvals: [...out.approvals] }),
        ...(out.decided === 'rejected' ? { reasons: [...out.request.rejectionReasons] } : {}),
        ...(out.request.endReason === null ? {} : { error: out.request.endReason }),
      },
    });
    return out;
  }

  /** After the commit: tells the bus, and puts an approved action in force. */
  async #after(s: Settled): Promise<RequestView> {
    const r = s.request;
    const subject = s.decided === 'approved' ? OPERATIONS_SUBJECTS.requestApproved : s.decided === 'rejected' ? OPERATIONS_SUBJECTS.requestRejected : OPERATIONS_SUBJECTS.requestVoted;
    await emit(this.#ctx, subject, requestEvent(r, s.decided === 'rejected' ? { reasons: r.rejectionReasons } : {}));
    if (s.execution !== undefined) await this.#ctx.engine.run(s.execution.id);
    return requestView(this.#ctx, await new RequestStore(this.#ctx.db).require(r.id));
  }
}
