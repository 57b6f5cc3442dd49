/**
 * Reads and writes countermeasure requests and their votes. State changes are conditional on the
 * state the caller read (`expectState`), so two concurrent decisions can never both apply; the
 * services additionally serialise writers of one request with {@link lockRequest}.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { asId, type CaseId, type RequestId, type UserId } from '../../core/ids.js';
import { MAX_PAGE_ROWS } from '../../core/paging.js';
import type { Role } from '../../core/roles.js';
import type { Database } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/errors.js';
import type { CountermeasureRequestsTable, RequestVotesTable } from '../tables.js';
import { lockForWrite } from '../../storage/transaction.js';
import { ruleCount, type CountermeasureAction } from '../catalogue/action.js';
import type { Mechanism } from '../catalogue/mechanism.js';
import { ERR_APPROVAL_DUPLICATE_VOTE, ERR_OPERATIONS_REQUEST_NOT_FOUND } from '../errors.js';
import type { Vote, VoteDecision } from './approval.js';
import type { ApprovalPath, CountermeasureRequest, EmergencyReview, Gate, HarmAssessment, LinkedEvidence, OutcomeReport, RequestState, Urgency } from './request.js';

function toReview(r: Selectable<CountermeasureRequestsTable>): EmergencyReview | null {
  if (r.review_due_at === null) return null;
  return {
    dueAt: r.review_due_at,
    state: (r.review_state ?? 'pending') as EmergencyReview['state'],
    reviewedBy: r.reviewed_by === null ? null : asId<UserId>(r.reviewed_by),
    reviewedAt: r.reviewed_at,
    reason: r.review_reason,
    escalatedAt: r.escalated_at,
  };
}

/** Converts a row; JSON columns were written by this store from validated values. */
export function toRequest(r: Selectable<CountermeasureRequestsTable>): CountermeasureRequest {
  return {
    id: asId<RequestId>(r.id),
    caseId: asId<CaseId>(r.case_id),
    path: r.path as ApprovalPath,
    mechanism: r.mechanism as Mechanism,
    action: JSON.parse(r.action) as CountermeasureAction,
    durationSeconds: r.duration_seconds,
    justification: r.justification,
    harm: JSON.parse(r.harm) as HarmAssessment,
    urgency: r.urgency as Urgency,
    evidence: JSON.parse(r.evidence) as LinkedEvidence[],
    abroad: r.abroad === 1,
    requestedBy: asId<UserId>(r.requested_by),
    requesterRole: r.requester_role as Role,
    state: r.state as RequestState,
    digest: r.digest,
    revision: r.revision,
    gates: JSON.parse(r.gates) as Gate[],
    rejectionReasons: JSON.parse(r.rejection_reasons) as string[],
    review: toReview(r),
    outcome: r.outcome === null ? null : (JSON.parse(r.outcome) as OutcomeReport),
    endReason: r.end_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    decidedAt: r.decided_at,
  };
}

function toRow(q: CountermeasureRequest): CountermeasureRequestsTable {
  return {
    id: q.id,
    case_id: q.caseId,
    path: q.path,
    mechanism: q.mechanism,
    action: JSON.stringify(q.action),
    rule_count: ruleCount(q.action),
    duration_seconds: q.durationSeconds,
    justification: q.justification,
    harm: JSON.stringify(q.harm),
    urgency: q.urgency,
    evidence: JSON.stringify(q.evidence),
    abroad: q.abroad ? 1 : 0,
    requested_by: q.requestedBy,
    requester_role: q.requesterRole,
    state: q.state,
    digest: q.digest,
    revision: q.revision,
    gates: JSON.stringify(q.gates),
    rejection_reasons: JSON.stringify(q.rejectionReasons),
    review_due_at: q.review?.dueAt ?? null,
    review_state: q.review?.state ?? null,
    reviewed_by: q.review?.reviewedBy ?? null,
    reviewed_at: q.review?.reviewedAt ?? null,
    review_reason: q.review?.reason ?? null,
    escalated_at: q.review?.escalatedAt ?? null,
    outcome: q.outcome === null ? null : JSON.stringify(q.outcome),
    end_reason: q.endReason,
    created_at: q.createdAt,
    updated_at: q.updatedAt,
    decided_at: q.decidedAt,
  };
}

function toVote(r: Selectable<RequestVotesTable>): Vote {
  return { id: r.id, requestId: r.request_id, voter: asId<UserId>(r.voter), decision: r.decision as VoteDecision, digest: r.digest, reason: r.reason, createdAt: r.created_at };
}

/** Filter of {@link RequestStore.list}. */
export interface RequestFilter {
  readonly caseId?: string;
  readonly states?: readonly RequestState[];
  readonly mechanism?: Mechanism;
  readonly path?: ApprovalPath;
  readonly requestedBy?: string;
  readonly limit?: number;
  readonly before?: string;
}

/**
 * Serialises writers of one request until the end of the transaction (PostgreSQL advisory lock;
 * SQLite runs one transaction at a time already).
 */
export function lockRequest(trx: Kysely<Database>, id: string): Promise<void> {
  return lockForWrite(trx, `sakimori.request.${id}`);
}

/** Store of requests and votes. */
export class RequestStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Inserts a new request. */
  async insert(q: CountermeasureRequest): Promise<void> {
    await this.#db.insertInto('countermeasure_requests').values(toRow(q)).execute();
  }

  /** The request, or undefined. */
  async get(id: string): Promise<CountermeasureRequest | undefined> {
    const r = await this.#db.selectFrom('countermeasure_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toRequest(r);
  }

  /** The request; throws {@link ERR_OPERATIONS_REQUEST_NOT_FOUND}. */
  async require(id: string): Promise<CountermeasureRequest> {
    const q = await this.get(id);
    if (q === undefined) throw new ERR_OPERATIONS_REQUEST_NOT_FOUND(JSON.stringify(id));
    return q;
  }

  /** Requests, newest first. */
  async list(f: RequestFilter = {}): Promise<CountermeasureRequest[]> {
    let q = this.#db.selectFrom('countermeasure_requests').selectAll();
    if (f.caseId !== undefined) q = q.where('case_id', '=', f.caseId);
    if (f.states !== undefined && f.states.length > 0) q = q.where('state', 'in', [...f.states]);
    if (f.mechanism !== undefined) q = q.where('mechanism', '=', f.mechanism);
    if (f.path !== undefined) q = q.where('path', '=', f.path);
    if (f.requestedBy !== undefined) q = q.where('requested_by', '=', f.requestedBy);
    if (f.before !== undefined) q = q.where('id', '<', f.before);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(f.limit ?? 100, 1), MAX_PAGE_ROWS))
      .execute();
    return rows.map(toRequest);
  }

  /**
   * Writes the whole request back, only if it is still in `expectState` (and, when given, still at
   * `expectRevision`); returns false (and writes nothing) when another writer changed it first.
   */
  async replace(q: CountermeasureRequest, expectState: RequestState, expectRevision?: number): Promise<boolean> {
    const { id: _id, created_at: _c, ...row } = toRow(q);
    let u = this.#db.updateTable('countermeasure_requests').set(row).where('id', '=', q.id).where('state', '=', expectState);
    if (expectRevision !== undefined) u = u.where('revision', '=', expectRevision);
    const r = await u.executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /**
   * Moves a request from one of `from` to `to` (with an end reason, when it ends); false when it
   * was in another state, in which case nothing is written.
   */
  async transition(id: string, from: readonly RequestState[], to: RequestState, fields: { endReason?: string | null; decidedAt?: number; now: number }): Promise<boolean> {
    const set: Partial<CountermeasureRequestsTable> = { state: to, updated_at: fields.now };
    if (fields.endReason !== undefined) set.end_reason = fields.endReason;
    if (fields.decidedAt !== undefined) set.decided_at = fields.decidedAt;
    const r = await this.#db
      .updateTable('countermeasure_requests')
      .set(set)
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Records the commission's review of an emergency action, only while it is pending; false otherwise. */
  async setReview(id: string, review: EmergencyReview, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('countermeasure_requests')
      .set({ review_state: review.state, reviewed_by: review.reviewedBy, reviewed_at: review.reviewedAt, review_reason: review.reason, updated_at: now })
      .where('id', '=', id)
      .where('review_state', '=', 'pending')
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Flags an overdue review as escalated, once; false when it was reviewed or escalated meanwhile. */
  async markEscalated(id: string, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('countermeasure_requests')
      .set({ escalated_at: now, updated_at: now })
      .where('id', '=', id)
      .where('review_state', '=', 'pending')
      .where('escalated_at', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Stores the outcome report of an access-and-neutralisation authorisation, once. */
  async setOutcome(id: string, outcome: OutcomeReport, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('countermeasure_requests')
      .set({ outcome: JSON.stringify(outcome), updated_at: now })
      .where('id', '=', id)
      .where('outcome', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Rules of a mechanism in requests approved or in force (what the concurrency guard counts). */
  async rulesInForce(mechanism: Mechanism, excludeId?: string): Promise<number> {
    let q = this.#db.selectFrom('countermeasure_requests').select(sql<number>`coalesce(sum(rule_count), 0)`.as('n')).where('mechanism', '=', mechanism).where('state', 'in', ['approved', 'active']);
    if (excludeId !== undefined) q = q.where('id', '<>', excludeId);
    const r = await q.executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Number of requests of a case still pending or in force. */
  async countOpen(caseId: string): Promise<number> {
    const r = await this.#db
      .selectFrom('countermeasure_requests')
      .select(sql<number>`count(*)`.as('n'))
      .where('case_id', '=', caseId)
      .where('state', 'in', ['pending_approval', 'approved', 'active'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Emergency actions whose review is due by `now`, not reviewed and not yet escalated. */
  async overdueReviews(now: number): Promise<CountermeasureRequest[]> {
    const rows = await this.#db
      .selectFrom('countermeasure_requests')
      .selectAll()
      .where('review_state', '=', 'pending')
      .where('review_due_at', '<=', now)
      .where('escalated_at', 'is', null)
      .orderBy('review_due_at')
      .execute();
    return rows.map(toRequest);
  }

  /** Earliest review deadline not yet escalated, for the timer. */
  async nextReviewDue(): Promise<number | undefined> {
    const r = await this.#db
      .selectFrom('countermeasure_requests')
      .select(sql<number | null>`min(review_due_at)`.as('t'))
      .where('review_state', '=', 'pending')
      .where('escalated_at', 'is', null)
      .executeTakeFirst();
    return r?.t === null || r?.t === undefined ? undefined : Number(r.t);
  }

  /** Requests approved but without an execution (the process stopped in between). */
  async approvedWithoutExecution(): Promise<CountermeasureRequest[]> {
    const rows = await this.#db
      .selectFrom('countermeasure_requests as r')
      .leftJoin('executions as e', 'e.request_id', 'r.id')
      .selectAll('r')
      .where('r.state', '=', 'approved')
      .where('e.id', 'is', null)
      .orderBy('r.id')
      .execute();
    return rows.map(toRequest);
  }

  /** Records a vote; the unique constraint refuses a second vote on the same digest. */
  async insertVote(v: Vote): Promise<void> {
    try {
      await this.#db
        .insertInto('request_votes')
        .values({ id: v.id, request_id: v.requestId, voter: v.voter, decision: v.decision, digest: v.digest, reason: v.reason, created_at: v.createdAt })
        .execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ERR_APPROVAL_DUPLICATE_VOTE(v.voter, { cause: e });
      throw e;
    }
  }

  /** Every vote on a request, in the order cast (votes on earlier digests included). */
  async votes(requestId: string): Promise<Vote[]> {
    const rows = await this.#db.selectFrom('request_votes').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
    return rows.map(toVote);
  }
}
