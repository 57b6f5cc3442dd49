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
import { ERR_APPROVAL_GATE_NOT_APPLICABLE, ERR_APPROVAL_NOT_PENDING, ERR_OPERATIONS_FORBIDDEN } from '../errors.js';
import { OPERATIONS_SUBJECTS } from '../events.js';
import { appendAudit } from '../execution/engine-report.js';
import type { Execution } from '../execution/execution.js';
import { checkVote, decide, tally, type Vote } from '../requests/approval.js';
import type { GuardNetwork, GuardVictim } from '../requests/guards.js';
import { lockRequest, RequestStore } from '../requests/request-store.js';
import { GATE_KINDS, linkedAttackIds, type CountermeasureRequest, type GateKind } from '../requests/request.js';
import { checkInput, checkText } from '../validate.js';
import { auditRefusals, COMMISSION, emit, guardNetworks, guardVictims, linkedAttacks, type ServiceContext } from './context.js';
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
export const GateInputSchema = Type.Object(
  { gate: Type.Union(GATE_KINDS.map((g) => Type.Literal(g))), reference: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** What a decision did. */
interface Settled {
  readonly request: CountermeasureRequest;
  readonly decided: 'pending' | 'approved' | 'rejected' | 'failed';
  readonly execution: Execution | undefined;
  readonly vote?: Vote;
}

/** Votes, gates and decisions. */
export class ApprovalService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /**
   * Casts a commission member's vote on the action with the given digest. Refused for the
   * requester, for a second vote on the same action, for a digest that is no longer the
   * request's (it was amended), and for a rejection without reasons.
   */
  async vote(actor: Actor, id: string, input: unknown): Promise<RequestView> {
    const store = new RequestStore(this.#ctx.db);
    const before = await store.require(id);
    return auditRefusals(this.#ctx, actor, 'request.vote', requestSubjects(before), async () => {
      if (!actor.roles.includes('commission_member')) throw new ERR_OPERATIONS_FORBIDDEN('voting on a request', COMMISSION.join(', '));
      const v = checkInput(VoteInputSchema, input);
      const reason = v.reason === undefined || v.reason.trim() === '' ? null : checkText(v.reason, '/reason', 4000, { multiline: true });
      const facts = await this.#guardFacts(before);
      const settled = await this.#ctx.db.transaction().execute(async (trx) => {
        await lockRequest(trx, id);
        const rs = new RequestStore(trx);
        const r = await rs.require(id);
        const votes = await rs.votes(id);
        checkVote({ requestId: id, state: r.state, requestedBy: r.requestedBy, digest: r.digest, voter: actor.userId, votedDigest: v.digest, decision: v.decision, reason, votes });
        const vote: Vote = { id: newId(this.#ctx.clock.now()), requestId: id, voter: actor.userId, decision: v.decision, digest: v.digest, reason, createdAt: this.#ctx.clock.now() };
        await rs.insertVote(vote);
        return { ...(await this.#settle(trx, r, facts)), vote };
      });
      await appendAudit(this.#ctx, {
        actor: auditActor(actor, 'commission_member'),
        action: 'request.vote',
        subjects: requestSubjects(settled.request),
        details: { decision: v.decision, digest: v.digest, ...(reason === null ? {} : { reason }) },
      });
      return this.#after(actor, settled);
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
      if (before.requestedBy !== actor.userId && !actor.roles.includes('nco_analyst')) throw new ERR_OPERATIONS_FORBIDDEN('recording a gate', 'the requester or nco_analyst');
      const g = checkInput(GateInputSchema, input);
      const reference = checkText(g.reference, '/reference', 200);
      const facts = await this.#guardFacts(before);
      const settled = await this.#ctx.db.transaction().execute(async (trx) => {
        await lockRequest(trx, id);
        const rs = new RequestStore(trx);
        const r = await rs.require(id);
        if (r.state !== 'pending_approval') throw new ERR_APPROVAL_NOT_PENDING(id, r.state);
        if (!r.gates.some((x) => x.kind === g.gate)) throw new ERR_APPROVAL_GATE_NOT_APPLICABLE(g.gate);
        const now = this.#ctx.clock.now();
        const updated: CountermeasureRequest = { ...r, gates: r.gates.map((x) => (x.kind === g.gate ? { kind: x.kind, reference, recordedBy: actor.userId, recordedAt: now } : x)), updatedAt: now };
        await rs.replace(updated, 'pending_approval');
        return this.#settle(trx, updated, facts);
      });
      await appendAudit(this.#ctx, { actor: auditActor(actor), action: 'request.decide', subjects: requestSubjects(settled.request), details: { step: 'gate_recorded', gate: g.gate as GateKind } });
      await emit(this.#ctx, OPERATIONS_SUBJECTS.gateRecorded, requestEvent(settled.request));
      return this.#after(actor, settled);
    });
  }

  /** Facts the guards need that live outside the database transaction. */
  async #guardFacts(r: CountermeasureRequest): Promise<{ networks: GuardNetwork[]; victims: GuardVictim[] }> {
    const attacks = await linkedAttacks(this.#ctx, linkedAttackIds(r.evidence));
    return { networks: await guardNetworks(this.#ctx), victims: guardVictims(attacks) };
  }

  /** Inside the transaction: decides if the votes and gates allow, and begins the execution. */
  async #settle(trx: Kysely<Database>, r: CountermeasureRequest, facts: { networks: GuardNetwork[]; victims: GuardVictim[] }): Promise<Settled> {
    const rs = new RequestStore(trx);
    const t = tally(await rs.votes(r.id), r.digest, { ...this.#ctx.config.approval, ...this.#ctx.config.gates });
    const d = decide(t, r.gates);
    const now = this.#ctx.clock.now();
    if (d === 'pending') return { request: r, decided: 'pending', execution: undefined };
    if (d === 'rejected') {
      const rejected: CountermeasureRequest = { ...r, state: 'rejected', rejectionReasons: t.rejections.map((x) => x.reason), decidedAt: now, updatedAt: now };
      await rs.replace(rejected, 'pending_approval');
      return { request: rejected, decided: 'rejected', execution: undefined };
    }
    try {
      // What was proportionate when requested must still be when it takes effect.
      this.#ctx.guards.check({ action: r.action, durationSeconds: r.durationSeconds, path: r.path, ...facts, rulesInForce: await rs.rulesInForce(r.mechanism, r.id) });
    } catch (e) {
      const failed: CountermeasureRequest = { ...r, state: 'failed', endReason: (e as Error).message, decidedAt: now, updatedAt: now };
      await rs.replace(failed, 'pending_approval');
      return { request: failed, decided: 'failed', execution: undefined };
    }
    const approved: CountermeasureRequest = { ...r, state: 'approved', decidedAt: now, updatedAt: now };
    await rs.replace(approved, 'pending_approval');
    const execution = await this.#ctx.engine.begin(trx, approved);
    return { request: { ...approved, state: 'active' }, decided: 'approved', execution };
  }

  /** After the commit: records the decision, tells the bus, and puts an approved action in force. */
  async #after(actor: Actor, s: Settled): Promise<RequestView> {
    const r = s.request;
    if (s.decided !== 'pending') {
      await appendAudit(this.#ctx, {
        actor: auditActor(actor),
        action: 'request.decide',
        outcome: s.decided === 'failed' ? 'failed' : 'success',
        subjects: requestSubjects(r),
        details: { decision: s.decided, digest: r.digest, ...(s.decided === 'rejected' ? { reasons: [...r.rejectionReasons] } : {}), ...(r.endReason === null ? {} : { error: r.endReason }) },
      });
    }
    const subject = s.decided === 'approved' ? OPERATIONS_SUBJECTS.requestApproved : s.decided === 'rejected' ? OPERATIONS_SUBJECTS.requestRejected : OPERATIONS_SUBJECTS.requestVoted;
    await emit(this.#ctx, subject, requestEvent(r, s.decided === 'rejected' ? { reasons: r.rejectionReasons } : {}));
    if (s.execution !== undefined) await this.#ctx.engine.run(s.execution.id);
    return requestView(this.#ctx, await new RequestStore(this.#ctx.db).require(r.id));
  }
}
