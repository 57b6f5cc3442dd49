/**
 * Reads and writes inspections, directives and their follow-up. Written once over Kysely for
 * SQLite and PostgreSQL.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { MAX_PAGE_ROWS } from '../../core/paging.js';
import { inTransaction } from '../../storage/transaction.js';
import type { Database } from '../../storage/database.js';
import { isForeignKeyViolation } from '../../storage/errors.js';
import { newId } from '../../storage/id.js';
import type { OversightDirectiveEventsTable, OversightDirectivesTable, OversightInspectionsTable } from '../tables.js';
import { ERR_OVERSIGHT_NOT_FOUND, ERR_OVERSIGHT_TRANSITION } from '../errors.js';
import { checkDirectiveMove, type Directive, type DirectiveEvent, type DirectiveKind, type DirectiveState, type Inspection, type InspectionState } from './commission.js';

const num = (v: number | null): number | null => (v === null ? null : Number(v));

/** One page of a list: ids sort by creation time, so `before` is the last id of the previous page. */
export interface PageFilter {
  /** Rows (default and at most `MAX_PAGE_ROWS`: a full page and one more). */
  readonly limit?: number;
  /** Only rows created before this id. */
  readonly before?: string;
}

const rowsOf = (f: PageFilter): number => Math.min(Math.max(f.limit ?? MAX_PAGE_ROWS, 1), MAX_PAGE_ROWS);

function toInspection(r: Selectable<OversightInspectionsTable>): Inspection {
  return {
    id: r.id,
    title: r.title,
    scope: r.scope,
    state: r.state as InspectionState,
    findings: r.findings,
    openedBy: r.opened_by,
    openedAt: Number(r.opened_at),
    closedBy: r.closed_by,
    closedAt: num(r.closed_at),
    updatedAt: Number(r.updated_at),
  };
}

function toDirective(r: Selectable<OversightDirectivesTable>): Directive {
  return {
    id: r.id,
    kind: r.kind as DirectiveKind,
    inspectionId: r.inspection_id,
    addressee: r.addressee,
    subject: r.subject,
    body: r.body,
    state: r.state as DirectiveState,
    dueAt: num(r.due_at),
    issuedBy: r.issued_by,
    issuedAt: Number(r.issued_at),
    updatedAt: Number(r.updated_at),
    closedAt: num(r.closed_at),
  };
}

function toEvent(r: Selectable<OversightDirectiveEventsTable>): DirectiveEvent {
  return { id: r.id, directiveId: r.directive_id, state: r.state as DirectiveState, note: r.note, actor: r.actor, at: Number(r.at) };
}

/** Store of the commission's records. */
export class CommissionStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Opens an inspection. */
  async openInspection(i: { title: string; scope: string; openedBy: string }): Promise<Inspection> {
    const now = this.#clock.now();
    const row: OversightInspectionsTable = {
      id: newId(now),
      title: i.title,
      scope: i.scope,
      state: 'open',
      findings: null,
      opened_by: i.openedBy,
      opened_at: now,
      closed_by: null,
      closed_at: null,
      updated_at: now,
    };
    await this.#db.insertInto('oversight_inspections').values(row).execute();
    return toInspection(row);
  }

  /** The inspection; throws {@link ERR_OVERSIGHT_NOT_FOUND}. */
  async inspection(id: string): Promise<Inspection> {
    const r = await this.#db.selectFrom('oversight_inspections').selectAll().where('id', '=', id).executeTakeFirst();
    if (r === undefined) throw new ERR_OVERSIGHT_NOT_FOUND('inspection', JSON.stringify(id));
    return toInspection(r);
  }

  /** Records findings, and closes the inspection when `close` is set; refuses changes to a closed one. */
  async updateInspection(id: string, findings: string, close: { by: string } | undefined): Promise<Inspection> {
    const now = this.#clock.now();
    const set: Partial<OversightInspectionsTable> = { findings, updated_at: now, ...(close === undefined ? {} : { state: 'closed', closed_by: close.by, closed_at: now }) };
    const r = await this.#db.updateTable('oversight_inspections').set(set).where('id', '=', id).where('state', '=', 'open').returningAll().executeTakeFirst();
    if (r === undefined) {
      const existing = await this.inspection(id);
      throw new ERR_OVERSIGHT_TRANSITION('an inspection', existing.state, close === undefined ? 'updated' : 'closed');
    }
    return toInspection(r);
  }

  /** Inspections, newest first, a page at a time. */
  async inspections(filter: { state?: InspectionState } & PageFilter = {}): Promise<Inspection[]> {
    let q = this.#db.selectFrom('oversight_inspections').selectAll();
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    if (filter.before !== undefined) q = q.where('id', '<', filter.before);
    return (await q.orderBy('id', 'desc').limit(rowsOf(filter)).execute()).map(toInspection);
  }

  /** Issues a directive, with its first follow-up event. */
  async issue(d: { kind: DirectiveKind; inspectionId: string | null; addressee: string; subject: string; body: string; dueAt: number | null; issuedBy: string }): Promise<Directive> {
    const now = this.#clock.now();
    const row: OversightDirectivesTable = {
      id: newId(now),
      kind: d.kind,
      inspection_id: d.inspectionId,
      addressee: d.addressee,
      subject: d.subject,
      body: d.body,
      state: 'issued',
      due_at: d.dueAt,
      issued_by: d.issuedBy,
      issued_at: now,
      updated_at: now,
      closed_at: null,
    };
    try {
      await inTransaction(this.#db, async (trx) => {
        await trx.insertInto('oversight_directives').values(row).execute();
        await trx
          .insertInto('oversight_directive_events')
          .values({ id: newId(now), directive_id: row.id, state: 'issued', note: 'issued', actor: d.issuedBy, at: now })
          .execute();
      });
    } catch (e) {
      if (isForeignKeyViolation(e)) throw new ERR_OVERSIGHT_NOT_FOUND('inspection', JSON.stringify(d.inspectionId), { cause: e });
      throw e;
    }
    return toDirective(row);
  }

  /** The directive; throws {@link ERR_OVERSIGHT_NOT_FOUND}. */
  async directive(id: string): Promise<Directive> {
    const r = await this.#db.selectFrom('oversight_directives').selectAll().where('id', '=', id).executeTakeFirst();
    if (r === undefined) throw new ERR_OVERSIGHT_NOT_FOUND('directive', JSON.stringify(id));
    return toDirective(r);
  }

  /** Moves a directive to `to` with a note, checking the move against the state read in the same transaction. */
  async followUp(id: string, to: DirectiveState, note: string, actor: string): Promise<Directive> {
    return inTransaction(this.#db, async (trx) => {
      const r = await trx.selectFrom('oversight_directives').selectAll().where('id', '=', id).executeTakeFirst();
      if (r === undefined) throw new ERR_OVERSIGHT_NOT_FOUND('directive', JSON.stringify(id));
      checkDirectiveMove(r.state as DirectiveState, to);
      const now = this.#clock.now();
      const updated = await trx
        .updateTable('oversight_directives')
        .set({ state: to, updated_at: now, closed_at: to === 'closed' ? now : null })
        .where('id', '=', id)
        .where('state', '=', r.state)
        .returningAll()
        .executeTakeFirst();
      if (updated === undefined) throw new ERR_OVERSIGHT_TRANSITION('a directive moved meanwhile', r.state, to);
      await trx
        .insertInto('oversight_directive_events')
        .values({ id: newId(now), directive_id: id, state: to, note, actor, at: now })
        .execute();
      return toDirective(updated);
    });
  }

  /** Directives, newest first, a page at a time; `overdueAt` keeps those past their due time and not yet closed. */
  async directives(filter: { state?: DirectiveState; kind?: DirectiveKind; overdueAt?: number } & PageFilter = {}): Promise<Directive[]> {
    let q = this.#db.selectFrom('oversight_directives').selectAll();
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.overdueAt !== undefined) q = q.where('due_at', '<', filter.overdueAt).where('state', 'not in', ['implemented', 'closed']);
    if (filter.before !== undefined) q = q.where('id', '<', filter.before);
    return (await q.orderBy('id', 'desc').limit(rowsOf(filter)).execute()).map(toDirective);
  }

  /** Follow-up of a directive, oldest first. */
  async events(id: string): Promise<DirectiveEvent[]> {
    return (await this.#db.selectFrom('oversight_directive_events').selectAll().where('directive_id', '=', id).orderBy('id').execute()).map(toEvent);
  }
}
