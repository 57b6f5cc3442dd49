/**
 * The case service the HTTP API calls: open cases, link evidence, write notes, assign, flag
 * serious, move through open → contained → closed. Every method takes the acting user and checks
 * their role; every change is audited.
 */
import Type from 'typebox';
import { asId, type UserId } from '../../core/ids.js';
import type { Actor } from '../../core/roles.js';
import type { SubjectRef } from '../../core/audit-event.js';
import { tryParseAddress } from '../../core/ip.js';
import { auditActor } from '../audit.js';
import { checkCaseTransition, EvidenceKindSchema, type Case, type CaseEvidence, type CaseNote, type CaseState } from '../cases/case.js';
import { CaseStore } from '../cases/case-store.js';
import { ERR_OPERATIONS_CASE_CLOSED, ERR_OPERATIONS_CASE_HAS_ACTIVE_ACTIONS } from '../errors.js';
import { OPERATIONS_SUBJECTS, type CaseOpenedEvent, type CaseTransitionedEvent } from '../events.js';
import { authorize } from '../policy/request-policy.js';
import { lockRequest, RequestStore } from '../requests/request-store.js';
import type { CountermeasureRequest } from '../requests/request.js';
import { checkInput, checkText, optionalText } from '../validate.js';
import { auditRefusals, CASE_WORKERS, emit, policySettings, READERS, requireRole, withAudit, type ServiceContext } from './context.js';

const EvidenceInputSchema = Type.Object(
  { kind: EvidenceKindSchema, ref: Type.String({ minLength: 1, maxLength: 200 }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

/** Input of {@link CaseService.open}. */
export const CaseInputSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    serious: Type.Optional(Type.Boolean()),
    assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    evidence: Type.Optional(Type.Array(EvidenceInputSchema, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

/** A case with everything linked to it. */
export interface CaseDetail {
  readonly case: Case;
  readonly evidence: readonly CaseEvidence[];
  readonly notes: readonly CaseNote[];
  readonly requests: readonly Pick<CountermeasureRequest, 'id' | 'mechanism' | 'path' | 'state' | 'createdAt'>[];
}

const caseRef = (id: string): SubjectRef[] => [{ type: 'case', id }];

/** Cases, evidence and notes. */
export class CaseService {
  readonly #ctx: ServiceContext;
  readonly #cases: CaseStore;
  readonly #requests: RequestStore;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
    this.#cases = new CaseStore(ctx.db, ctx.clock);
    this.#requests = new RequestStore(ctx.db);
  }

  /** Opens a case, optionally with its first evidence. Roles: NCO analyst, designated officer, defence operator. */
  async open(actor: Actor, input: unknown): Promise<CaseDetail> {
    requireRole(actor, CASE_WORKERS, 'opening a case');
    const i = checkInput(CaseInputSchema, input);
    const title = checkText(i.title, '/title', 200);
    const description = optionalText(i.description, '/description', 10000, { multiline: true });
    const evidence = (i.evidence ?? []).map((e, n) => ({
      kind: e.kind,
      ref: checkText(e.ref, `/evidence/${n}/ref`, 200),
      note: e.note === undefined ? null : checkText(e.note, `/evidence/${n}/note`, 2000, { multiline: true }),
    }));
    const assignee = i.assignee === undefined ? null : asId<UserId>(checkText(i.assignee, '/assignee', 128));
    const c = await withAudit(this.#ctx, async (trx, record) => {
      const store = new CaseStore(trx, this.#ctx.clock);
      const created = await store.create({ title, description, serious: i.serious ?? false, assignee, createdBy: actor.userId });
      for (const e of evidence) await store.addEvidence({ caseId: created.id, ...e, addedBy: actor.userId });
      await record({ actor: auditActor(actor), action: 'case.create', subjects: caseRef(created.id), details: { serious: created.serious, evidence: evidence.length } });
      return created;
    });
    await emit(this.#ctx, OPERATIONS_SUBJECTS.caseOpened, { caseId: c.id, serious: c.serious } satisfies CaseOpenedEvent);
    return this.#detail(c);
  }

  /** A case with its evidence, notes and requests. Roles: case workers and commission members. */
  async get(actor: Actor, id: string): Promise<CaseDetail> {
    requireRole(actor, READERS, 'reading a case');
    return this.#detail(await this.#cases.require(id));
  }

  /** Cases, newest first. */
  async list(actor: Actor, filter: { state?: CaseState; assignee?: string; limit?: number; before?: string } = {}): Promise<Case[]> {
    requireRole(actor, READERS, 'listing cases');
    return this.#cases.list(filter);
  }

  /** Moves a case to another state; a case with actions pending or in force cannot be closed. */
  async transition(actor: Actor, id: string, to: CaseState): Promise<Case> {
    return auditRefusals(this.#ctx, actor, 'case.transition', caseRef(id), async () => {
      requireRole(actor, CASE_WORKERS, 'changing a case state');
      const c = await this.#cases.require(id);
      checkCaseTransition(c.state, to);
      if (to === 'closed') {
        const open = await this.#requests.countOpen(id);
        if (open > 0) throw new ERR_OPERATIONS_CASE_HAS_ACTIVE_ACTIONS(id, String(open));
      }
      const now = this.#ctx.clock.now();
      const updated = await withAudit(this.#ctx, async (trx, record) => {
        const u = await new CaseStore(trx, this.#ctx.clock).update(id, { state: to, closedAt: to === 'closed' ? now : null });
        await record({ actor: auditActor(actor), action: 'case.transition', subjects: caseRef(id), details: { from: c.state, to } });
        return u;
      });
      await emit(this.#ctx, OPERATIONS_SUBJECTS.caseTransitioned, { caseId: id, from: c.state, to } satisfies CaseTransitionedEvent);
      return updated;
    });
  }

  /** Assigns the case (null to unassign). */
  async assign(actor: Actor, id: string, assignee: string | null): Promise<Case> {
    requireRole(actor, CASE_WORKERS, 'assigning a case');
    await this.#openCase(id);
    const who = assignee === null ? null : asId<UserId>(checkText(assignee, '/assignee', 128));
    return withAudit(this.#ctx, async (trx, record) => {
      const c = await new CaseStore(trx, this.#ctx.clock).update(id, { assignee: who });
      await record({ actor: auditActor(actor), action: 'case.transition', subjects: caseRef(id), details: { assigned: who !== null } });
      return c;
    });
  }

  /**
   * Flags (or unflags) the case serious: requests in it then need the national security council's
   * review. Flagging adds the review to every request of the case still awaiting approval, in the
   * same transaction, so no vote can approve one of them without it; a gate once added stays
   * (unflagging changes only requests made or amended later).
   */
  async flagSerious(actor: Actor, id: string, serious: boolean): Promise<Case> {
    return auditRefusals(this.#ctx, actor, 'case.transition', caseRef(id), async () => {
      const before = await this.#cases.require(id);
      const grant = authorize({ transition: 'flag_serious', actor, caseId: id, caseState: before.state }, policySettings(this.#ctx));
      return withAudit(this.#ctx, async (trx, record) => {
        const c = await new CaseStore(trx, this.#ctx.clock).update(id, { serious });
        const gated: string[] = [];
        if (serious) {
          const rs = new RequestStore(trx);
          for (const pending of await rs.list({ caseId: id, states: ['pending_approval'], limit: 1000 })) {
            if (pending.gates.some((g) => g.kind === 'national_security_council_review')) continue;
            await lockRequest(trx, pending.id);
            const now = this.#ctx.clock.now();
            const gate = { kind: 'national_security_council_review' as const, reference: null, recordedBy: null, recordedAt: null };
            if (await rs.replace({ ...pending, gates: [...pending.gates, gate], updatedAt: now }, 'pending_approval', pending.revision)) gated.push(pending.id);
          }
        }
        await record({
          actor: auditActor(actor, grant.role ?? undefined),
          action: 'case.transition',
          subjects: [...caseRef(id), ...gated.map((r) => ({ type: 'request', id: r }))],
          details: { serious, gateAdded: gated.length },
        });
        return c;
      });
    });
  }

  /** Links evidence to an open or contained case. */
  async addEvidence(actor: Actor, id: string, input: unknown): Promise<CaseEvidence> {
    requireRole(actor, CASE_WORKERS, 'adding evidence');
    const e = checkInput(EvidenceInputSchema, input);
    await this.#openCase(id);
    const ref = checkText(e.ref, '/ref', 200);
    const note = e.note === undefined ? null : checkText(e.note, '/note', 2000, { multiline: true });
    // An indicator may be an address: personal data goes in `personal`, never in the details.
    const isAddress = tryParseAddress(ref) !== undefined;
    return withAudit(this.#ctx, async (trx, record) => {
      const added = await new CaseStore(trx, this.#ctx.clock).addEvidence({ caseId: id, kind: e.kind, ref, note, addedBy: actor.userId });
      await record({
        actor: auditActor(actor),
        action: 'case.evidence_add',
        subjects: isAddress ? caseRef(id) : [...caseRef(id), { type: e.kind, id: /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/.test(ref) ? ref : added.id }],
        ...(isAddress ? { personal: [{ kind: 'ip' as const, value: ref }] } : {}),
        details: { kind: e.kind },
      });
      return added;
    });
  }

  /**
   * Adds a timestamped note. Case writes are for the case workers: the commission inspects cases,
   * it does not work them. Audited as `case.note_add` (the note's text stays in the case).
   */
  async addNote(actor: Actor, id: string, text: unknown): Promise<CaseNote> {
    requireRole(actor, CASE_WORKERS, 'writing a note');
    const body = checkText(text, '/text', 10000, { multiline: true });
    await this.#cases.require(id);
    return withAudit(this.#ctx, async (trx, record) => {
      const note = await new CaseStore(trx, this.#ctx.clock).addNote({ caseId: id, author: actor.userId, text: body });
      await record({ actor: auditActor(actor), action: 'case.note_add', subjects: caseRef(id), details: { characters: body.length } });
      return note;
    });
  }

  async #openCase(id: string): Promise<Case> {
    const c = await this.#cases.require(id);
    if (c.state === 'closed') throw new ERR_OPERATIONS_CASE_CLOSED(id);
    return c;
  }

  async #detail(c: Case): Promise<CaseDetail> {
    const [evidence, notes, requests] = await Promise.all([this.#cases.evidence(c.id), this.#cases.notes(c.id), this.#requests.list({ caseId: c.id, limit: 1000 })]);
    return { case: c, evidence, notes, requests: requests.map((r) => ({ id: r.id, mechanism: r.mechanism, path: r.path, state: r.state, createdAt: r.createdAt })) };
  }
}
