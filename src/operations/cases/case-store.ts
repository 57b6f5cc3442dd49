/**
 * Reads and writes cases, their evidence and their notes. Written once over Kysely for SQLite and
 * PostgreSQL; pass a transaction as `db` to make calls part of it.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { asId, type CaseId, type UserId } from '../../core/ids.js';
import { MAX_PAGE_ROWS } from '../../core/paging.js';
import type { Database } from '../../storage/database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../storage/errors.js';
import { newId } from '../../storage/id.js';
import type { CaseEvidenceTable, CaseNotesTable, CasesTable } from '../tables.js';
import { ERR_OPERATIONS_CASE_NOT_FOUND, ERR_OPERATIONS_DUPLICATE_EVIDENCE } from '../errors.js';
import type { Case, CaseEvidence, CaseNote, CaseState, EvidenceKind } from './case.js';

function toCase(r: Selectable<CasesTable>): Case {
  return {
    id: asId<CaseId>(r.id),
    title: r.title,
    description: r.description,
    state: r.state as CaseState,
    serious: r.serious === 1,
    assignee: r.assignee === null ? null : asId<UserId>(r.assignee),
    createdBy: asId<UserId>(r.created_by),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

function toEvidence(r: Selectable<CaseEvidenceTable>): CaseEvidence {
  return { id: r.id, caseId: asId<CaseId>(r.case_id), kind: r.kind as EvidenceKind, ref: r.ref, note: r.note, addedBy: asId<UserId>(r.added_by), addedAt: r.added_at };
}

function toNote(r: Selectable<CaseNotesTable>): CaseNote {
  return { id: r.id, caseId: asId<CaseId>(r.case_id), author: asId<UserId>(r.author), text: r.body, createdAt: r.created_at };
}

/** A new case, checked by the service. */
export interface NewCase {
  readonly title: string;
  readonly description: string | null;
  readonly serious: boolean;
  readonly assignee: UserId | null;
  readonly createdBy: UserId;
}

/** Changes to a case; absent fields stay. */
export interface CasePatch {
  readonly state?: CaseState;
  readonly assignee?: UserId | null;
  readonly serious?: boolean;
  readonly closedAt?: number | null;
}

/** Filter of {@link CaseStore.list}. */
export interface CaseFilter {
  readonly state?: CaseState;
  readonly assignee?: string;
  /** Rows (default 100, at most `MAX_PAGE_ROWS`: a full page and one more). */
  readonly limit?: number;
  /** Cursor: ids sort by creation time; returns cases created before this id. */
  readonly before?: string;
}

/** Store of cases, evidence and notes. */
export class CaseStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Inserts a case in state `open`. */
  async create(c: NewCase): Promise<Case> {
    const now = this.#clock.now();
    const row: CasesTable = {
      id: newId(now),
      title: c.title,
      description: c.description,
      state: 'open',
      serious: c.serious ? 1 : 0,
      assignee: c.assignee,
      created_by: c.createdBy,
      created_at: now,
      updated_at: now,
      closed_at: null,
    };
    await this.#db.insertInto('cases').values(row).execute();
    return toCase(row);
  }

  /** The case, or undefined. */
  async get(id: string): Promise<Case | undefined> {
    const r = await this.#db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toCase(r);
  }

  /** The case; throws {@link ERR_OPERATIONS_CASE_NOT_FOUND} when there is none. */
  async require(id: string): Promise<Case> {
    const c = await this.get(id);
    if (c === undefined) throw new ERR_OPERATIONS_CASE_NOT_FOUND(JSON.stringify(id));
    return c;
  }

  /** Cases, newest first. */
  async list(filter: CaseFilter = {}): Promise<Case[]> {
    let q = this.#db.selectFrom('cases').selectAll();
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    if (filter.assignee !== undefined) q = q.where('assignee', '=', filter.assignee);
    if (filter.before !== undefined) q = q.where('id', '<', filter.before);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(filter.limit ?? 100, 1), MAX_PAGE_ROWS))
      .execute();
    return rows.map(toCase);
  }

  /** Applies a patch; throws {@link ERR_OPERATIONS_CASE_NOT_FOUND}. */
  async update(id: string, patch: CasePatch): Promise<Case> {
    const set: Partial<CasesTable> = { updated_at: this.#clock.now() };
    if (patch.state !== undefined) set.state = patch.state;
    if (patch.assignee !== undefined) set.assignee = patch.assignee;
    if (patch.serious !== undefined) set.serious = patch.serious ? 1 : 0;
    if (patch.closedAt !== undefined) set.closed_at = patch.closedAt;
    const r = await this.#db.updateTable('cases').set(set).where('id', '=', id).returningAll().executeTakeFirst();
    if (r === undefined) throw new ERR_OPERATIONS_CASE_NOT_FOUND(JSON.stringify(id));
    return toCase(r);
  }

  /** Links evidence; refuses the same (kind, ref) twice on one case. */
  async addEvidence(e: { caseId: string; kind: EvidenceKind; ref: string; note: string | null; addedBy: UserId }): Promise<CaseEvidence> {
    const now = this.#clock.now();
    const row: CaseEvidenceTable = { id: newId(now), case_id: e.caseId, kind: e.kind, ref: e.ref, note: e.note, added_by: e.addedBy, added_at: now };
    try {
      await this.#db.insertInto('case_evidence').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new ERR_OPERATIONS_DUPLICATE_EVIDENCE(e.kind, JSON.stringify(e.ref), { cause: err });
      if (isForeignKeyViolation(err)) throw new ERR_OPERATIONS_CASE_NOT_FOUND(JSON.stringify(e.caseId), { cause: err });
      throw err;
    }
    return toEvidence(row);
  }

  /** Evidence of a case in the order it was linked. */
  async evidence(caseId: string): Promise<CaseEvidence[]> {
    const rows = await this.#db.selectFrom('case_evidence').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
    return rows.map(toEvidence);
  }

  /** Ids of cases that link this evidence. */
  async casesCiting(kind: EvidenceKind, ref: string): Promise<CaseId[]> {
    const rows = await this.#db.selectFrom('case_evidence').select('case_id').where('kind', '=', kind).where('ref', '=', ref).orderBy('case_id').execute();
    return rows.map((r) => asId<CaseId>(r.case_id));
  }

  /** Adds a timestamped note. */
  async addNote(n: { caseId: string; author: UserId; text: string }): Promise<CaseNote> {
    const now = this.#clock.now();
    const row: CaseNotesTable = { id: newId(now), case_id: n.caseId, author: n.author, body: n.text, created_at: now };
    try {
      await this.#db.insertInto('case_notes').values(row).execute();
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ERR_OPERATIONS_CASE_NOT_FOUND(JSON.stringify(n.caseId), { cause: err });
      throw err;
    }
    return toNote(row);
  }

  /** Notes of a case, oldest first. */
  async notes(caseId: string): Promise<CaseNote[]> {
    const rows = await this.#db.selectFrom('case_notes').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
    return rows.map(toNote);
  }
}
