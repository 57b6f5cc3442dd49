/**
 * Countermeasure requests on the prior-approval path: make, amend (which voids the votes: the
 * digest changes), cancel, read and list. Roles: designated officers and defence operators for
 * network measures and access-and-neutralisation, NCO analysts too for notices.
 */
import type { Actor } from '../../core/roles.js';
import type { AuditEventInput, SubjectRef } from '../../core/audit-event.js';
import { actionPersonal, auditActor } from '../audit.js';
import { ruleCount } from '../catalogue/action.js';
import { CATALOGUE, MECHANISMS, type CatalogueEntry, type Mechanism } from '../catalogue/mechanism.js';
import { ERR_OPERATIONS_REQUEST_STATE } from '../errors.js';
import { authorize } from '../policy/request-policy.js';
import { OPERATIONS_SUBJECTS, type RequestEvent } from '../events.js';
import { openGates } from '../requests/approval.js';
import { lockRequest, RequestStore, type RequestFilter } from '../requests/request-store.js';
import type { CountermeasureRequest } from '../requests/request.js';
import { checkText } from '../validate.js';
import { auditRefusals, emit, policySettings, READERS, requireRole, withAudit, type ServiceContext } from './context.js';
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

/**
 * Records a read of a request's target addresses (personal data) for its case; the answer is
 * handed out only once the entry is durable, so a read the log cannot record is refused.
 */
export async function auditRequestRead(ctx: ServiceContext, actor: Actor, r: CountermeasureRequest, purpose: string): Promise<void> {
  const { personal, truncated } = actionPersonal(r.action);
  if (personal.length === 0) return;
  await ctx.audit.append({
    actor: auditActor(actor),
    action: 'data.read',
    subjects: requestSubjects(r),
    purpose: { case: r.caseId, purpose },
    personal,
    details: { personalTruncated: truncated },
  });
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
      await withAudit(this.#ctx, async (trx, record) => {
        await new RequestStore(trx).insert(request);
        await record(this.#event(actor, request, 'request.create'));
      });
      await emit(this.#ctx, OPERATIONS_SUBJECTS.requestCreated, requestEvent(request, { quorum: this.#ctx.config.approval.quorum }));
      return requestView(this.#ctx, request);
    });
  }

  /**
   * Replaces a pending request with a new revision (full request input), checked exactly like a
   * new request: the requester's rights for the mechanism asked for now, the guards, the gates.
   * The digest covers the revision, so every vote cast so far is void; audited as `request.amend`.
   */
  async amend(actor: Actor, id: string, input: unknown): Promise<RequestView> {
    const existing = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'request.amend', requestSubjects(existing), async () => {
      const { request } = await prepareRequest(this.#ctx, actor, input, 'prior', existing);
      const ok = await withAudit(this.#ctx, async (trx, record) => {
        await lockRequest(trx, id);
        const replaced = await new RequestStore(trx).replace(request, 'pending_approval', existing.revision);
        if (replaced) await record(this.#event(actor, request, 'request.amend', { previousDigest: existing.digest, previousMechanism: existing.mechanism }));
        return replaced;
      });
      if (!ok) throw new ERR_OPERATIONS_REQUEST_STATE(id, (await this.#store.require(id)).state, 'it was decided or amended meanwhile; read it again');
      await emit(this.#ctx, OPERATIONS_SUBJECTS.requestAmended, requestEvent(request));
      return requestView(this.#ctx, request);
    });
  }

  /** Cancels a request awaiting approval. Only the requester. */
  async cancel(actor: Actor, id: string, reason: unknown): Promise<RequestView> {
    const r = await this.#store.require(id);
    return auditRefusals(this.#ctx, actor, 'request.withdraw', requestSubjects(r), async () => {
      const grant = authorize({ transition: 'cancel', actor, request: r }, policySettings(this.#ctx));
      const why = checkText(reason, '/reason', 2000, { multiline: true });
      const after = await withAudit(this.#ctx, async (trx, record) => {
        const rs = new RequestStore(trx);
        if (!(await rs.transition(id, ['pending_approval'], 'cancelled', { now: this.#ctx.clock.now(), endReason: why }))) return undefined;
        const done = await rs.require(id);
        await record({ actor: auditActor(actor, grant.role ?? undefined), action: 'request.withdraw', subjects: requestSubjects(done), details: { state: 'cancelled' } });
        return done;
      });
      if (after === undefined) throw new ERR_OPERATIONS_REQUEST_STATE(id, (await this.#store.require(id)).state, 'only a request awaiting approval can be cancelled');
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
    await auditRequestRead(this.#ctx, actor, r, 'countermeasure request review');
    return requestView(this.#ctx, r);
  }

  /** Requests without their target lists, newest first. */
  async list(actor: Actor, filter: RequestFilter & { mechanism?: Mechanism } = {}): Promise<RequestSummary[]> {
    requireRole(actor, READERS, 'listing requests');
    const rows = await this.#store.list(filter);
    return rows.map(({ action, ...rest }) => ({ ...rest, targetCount: ruleCount(action) }));
  }

  #event(actor: Actor, r: CountermeasureRequest, action: 'request.create' | 'request.amend', extra: Record<string, string | boolean> = {}): AuditEventInput {
    const { personal, truncated } = actionPersonal(r.action);
    return {
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
    };
  }
}
