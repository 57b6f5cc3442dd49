/**
 * Countermeasure requests on the prior-approval path: make, amend (which voids the votes: the
 * digest changes), cancel, read and list. Roles: designated officers and defence operators for
 * network measures and access-and-neutralisation, NCO analysts too for notices.
 */
import type { Actor } from '../../core/roles.js';
import type { SubjectRef } from '../../oversight/audit/entry.js';
import { actionPersonal, auditActor } from '../audit.js';
import { ruleCount } from '../catalogue/action.js';
import { CATALOGUE, MECHANISMS, type CatalogueEntry, type Mechanism } from '../catalogue/mechanism.js';
import { ERR_OPERATIONS_NOT_REQUESTER, ERR_OPERATIONS_REQUEST_STATE } from '../errors.js';
import { OPERATIONS_SUBJECTS, type RequestEvent } from '../events.js';
import { appendAudit } from '../execution/engine-report.js';
import { openGates } from '../requests/approval.js';
import { lockRequest, RequestStore, type RequestFilter } from '../requests/request-store.js';
import type { CountermeasureRequest } from '../requests/request.js';
import { checkText } from '../validate.js';
import { auditRefusals, emit, READERS, requireRole, type ServiceContext } from './context.js';
import { prepareRequest } from './prepare-request.js';
import { requestView, type RequestSummary, type RequestView } from './request-view.js';

/** Roles that may request at least one mechanism. */
const REQUESTERS = [...new Set(MECHANISMS.flatMap((m) => CATALOGUE[m].requesters))];

/** Subjects of a request in audit entries. */
export function requestSubjects(r: Pick<CountermeasureRequest, 'id' | 'caseId'>): SubjectRef[] {
  return [
    { type: 'case', id: r.caseId },
    { type: 'request', id: r.id },
  ];
}

/** The bus event of a request. */
export function requestEvent(r: CountermeasureRequest, extra: Partial<RequestEvent> = {}): RequestEvent {
  return { requestId: r.id, caseId: r.caseId, mechanism: r.mechanism, path: r.path, digest: r.digest, state: r.state, openGates: openGates(r.gates), ...extra };
}

/** Requests on the prior-approval path. */
export class RequestService {
  readonly #ctx: ServiceContext;
  readonly #store: RequestStore;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
    this.#store = new RequestStore(ctx.db);
  }

  /** The countermeasure catalogue, with whether each mechanism can run here (executor configured). */
  catalogue(): (CatalogueEntry & { readonly available: boolean; readonly emergency: boolean })[] {
    return MECHANISMS.map((m) => ({ ...CATALOGUE[m], available: this.#ctx.engine.hasExecutor(m), emergency: this.#ctx.config.emergency.mechanisms.includes(m) }));
  }

  /** Makes a request for prior approval by the commission. */
  async create(actor: Actor, input: unknown): Promise<RequestView> {
    return auditRefusals(this.#ctx, actor, 'request.create', [], async () => {
      requireRole(actor, REQUESTERS, 'requesting a countermeasure');
      const { request } = await prepareRequest(this.#ctx, actor, input, 'prior');
      await this.#store.insert(request);
      await this.#audit(actor, request, 'request.create');
      await emit(this.#ctx, OPERATIONS_SUBJECTS.requestCreated, requestEvent(request, { quorum: this.#ctx.config.approval.quorum }));
      return requestView(this.#ctx, request);
    });
  }

  /**
   * Replaces the action, duration, justification or other fields of a pending request (full
   * request input). The digest changes with the action, so every vote cast so far is void.
   */
  async amend(actor: Actor, id: string, input: unknown): Promise<RequestView> {
    const existing = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'request.create', requestSubjects(existing), async () => {
      if (existing.requestedBy !== actor.userId) throw new ERR_OPERATIONS_NOT_REQUESTER('amend a request');
      if (existing.state !== 'pending_approval') throw new ERR_OPERATIONS_REQUEST_STATE(id, existing.state, 'only a request awaiting approval can be amended');
      const { request } = await prepareRequest(this.#ctx, actor, input, 'prior', existing);
      const ok = await this.#ctx.db.transaction().execute(async (trx) => {
        await lockRequest(trx, id);
        return new RequestStore(trx).replace(request, 'pending_approval');
      });
      if (!ok) throw new ERR_OPERATIONS_REQUEST_STATE(id, (await this.#store.require(id)).state, 'it was decided meanwhile');
      await this.#audit(actor, request, 'request.create', { amended: true, previousDigest: existing.digest });
      await emit(this.#ctx, OPERATIONS_SUBJECTS.requestAmended, requestEvent(request));
      return requestView(this.#ctx, request);
    });
  }

  /** Cancels a request awaiting approval. Only the requester. */
  async cancel(actor: Actor, id: string, reason: unknown): Promise<RequestView> {
    const r = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'request.withdraw', requestSubjects(r), async () => {
      if (r.requestedBy !== actor.userId) throw new ERR_OPERATIONS_NOT_REQUESTER('cancel a request');
      const why = checkText(reason, '/reason', 2000, { multiline: true });
      const ok = await this.#store.transition(id, ['pending_approval'], 'cancelled', { now: this.#ctx.clock.now(), endReason: why });
      if (!ok) throw new ERR_OPERATIONS_REQUEST_STATE(id, (await this.#store.require(id)).state, 'only a request awaiting approval can be cancelled');
      const after = await this.#store.require(id);
      await appendAudit(this.#ctx, { actor: auditActor(actor), action: 'request.withdraw', subjects: requestSubjects(after), details: { state: 'cancelled' } });
      await emit(this.#ctx, OPERATIONS_SUBJECTS.requestCancelled, requestEvent(after));
      return requestView(this.#ctx, after);
    });
  }

  /**
   * A request with its votes, gates, execution and targets. It names target addresses, so the
   * read is audited as a look at personal data for the request's case.
   */
  async get(actor: Actor, id: string): Promise<RequestView> {
    requireRole(actor, READERS, 'reading a request');
    const r = await this.#store.require(id);
    const { personal, truncated } = actionPersonal(r.action);
    if (personal.length > 0) {
      await appendAudit(this.#ctx, {
        actor: auditActor(actor),
        action: 'data.read',
        subjects: requestSubjects(r),
        purpose: { case: r.caseId, purpose: 'countermeasure request review' },
        personal,
        details: { personalTruncated: truncated },
      });
    }
    return requestView(this.#ctx, r);
  }

  /** Requests without their target lists, newest first. */
  async list(actor: Actor, filter: RequestFilter & { mechanism?: Mechanism } = {}): Promise<RequestSummary[]> {
    requireRole(actor, READERS, 'listing requests');
    const rows = await this.#store.list(filter);
    return rows.map(({ action, ...rest }) => ({ ...rest, targetCount: ruleCount(action) }));
  }

  async #audit(actor: Actor, r: CountermeasureRequest, action: 'request.create', extra: Record<string, string | boolean> = {}): Promise<void> {
    const { personal, truncated } = actionPersonal(r.action);
    await appendAudit(this.#ctx, {
      actor: auditActor(actor, r.requesterRole),
      action,
      subjects: requestSubjects(r),
      personal,
      details: {
        mechanism: r.mechanism,
        path: r.path,
        digest: r.digest,
        revision: r.revision,
        durationSeconds: r.durationSeconds,
        urgency: r.urgency,
        harm: { life: r.harm.life, body: r.harm.body, property: r.harm.property },
        gates: r.gates.map((g) => g.kind),
        targets: ruleCount(r.action),
        personalTruncated: truncated,
        ...extra,
      },
    });
  }
}
