/**
 * Reads and writes excessive-monitoring flags and their notes. Written once over Kysely for
 * SQLite and PostgreSQL; pass a transaction as `db` to make calls part of it.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { MAX_PAGE_ROWS } from '../../core/paging.js';
import { inTransaction } from '../../storage/transaction.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import type { MonitoringFlagNotesTable, MonitoringFlagsTable } from '../tables.js';
import { ERR_OVERSIGHT_NOT_FOUND, ERR_OVERSIGHT_TRANSITION } from '../errors.js';
import { checkFlagMove, type FlagKind, type FlagNote, type FlagState, type MonitoringFlag, type NewFlag } from './flag.js';

function toFlag(r: Selectable<MonitoringFlagsTable>): MonitoringFlag {
  const n = (v: number | null): number | null => (v === null ? null : Number(v));
  return {
    id: r.id,
    kind: r.kind as FlagKind,
    state: r.state as FlagState,
    userId: r.user_id,
    caseId: r.case_id,
    details: JSON.parse(r.details) as MonitoringFlag['details'],
    accessId: r.access_id,
    raisedAt: Number(r.raised_at),
    updatedAt: Number(r.updated_at),
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: n(r.acknowledged_at),
    closedBy: r.closed_by,
    closedAt: n(r.closed_at),
  };
}

function toNote(r: Selectable<MonitoringFlagNotesTable>): FlagNote {
  return { id: r.id, flagId: r.flag_id, author: r.author, state: r.state as FlagState, text: r.body, createdAt: Number(r.created_at) };
}

/** Filter of {@link FlagStore.list}. */
export interface FlagFilter {
  readonly state?: FlagState;
  readonly kind?: FlagKind;
  readonly userId?: string;
  /** Raised at or after (ms). */
  readonly since?: number;
  /** Rows (default 100, at most `MAX_PAGE_ROWS`: a full page and one more). */
  readonly limit?: number;
  /** Cursor: flags raised before this id. */
  readonly before?: string;
}

/** Store of monitoring flags. */
export class FlagStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** The database (or transaction) the store works in. */
  get db(): Kysely<Database> {
    return this.#db;
  }

  /** The same store working in `trx`. */
  on(trx: Kysely<Database>): FlagStore {
    return new FlagStore(trx, this.#clock);
  }

  /** Raises a flag unless one with the same dedupe key is still open or acknowledged; returns it, or undefined. */
  async raise(f: NewFlag): Promise<MonitoringFlag | undefined> {
    if (f.dedupeKey !== null) {
      const existing = await this.#db.selectFrom('monitoring_flags').select('id').where('dedupe_key', '=', f.dedupeKey).where('state', '!=', 'closed').executeTakeFirst();
      if (existing !== undefined) return undefined;
    }
    const now = this.#clock.now();
    const row: MonitoringFlagsTable = {
      id: newId(now),
      kind: f.kind,
      state: 'open',
      user_id: f.userId,
      case_id: f.caseId,
      dedupe_key: f.dedupeKey,
      details: JSON.stringify(f.details),
      access_id: f.accessId,
      raised_at: now,
      updated_at: now,
      acknowledged_by: null,
      acknowledged_at: null,
      closed_by: null,
      closed_at: null,
    };
    await this.#db.insertInto('monitoring_flags').values(row).execute();
    return toFlag(row);
  }

  /** The flag; throws {@link ERR_OVERSIGHT_NOT_FOUND}. */
  async require(id: string): Promise<MonitoringFlag> {
    const r = await this.#db.selectFrom('monitoring_flags').selectAll().where('id', '=', id).executeTakeFirst();
    if (r === undefined) throw new ERR_OVERSIGHT_NOT_FOUND('flag', JSON.stringify(id));
    return toFlag(r);
  }

  /** Flags, newest first. */
  async list(filter: FlagFilter = {}): Promise<MonitoringFlag[]> {
    let q = this.#db.selectFrom('monitoring_flags').selectAll();
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
    if (filter.since !== undefined) q = q.where('raised_at', '>=', filter.since);
    if (filter.before !== undefined) q = q.where('id', '<', filter.before);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(filter.limit ?? 100, 1), MAX_PAGE_ROWS))
      .execute();
    return rows.map(toFlag);
  }

  /** Moves a flag to `to` with a note; checks the move is allowed. */
  async move(id: string, to: FlagState, by: string, note: string): Promise<MonitoringFlag> {
    return inTransaction(this.#db, async (trx) => {
      const r = await trx.selectFrom('monitoring_flags').selectAll().where('id', '=', id).executeTakeFirst();
      if (r === undefined) throw new ERR_OVERSIGHT_NOT_FOUND('flag', JSON.stringify(id));
      checkFlagMove(r.state as FlagState, to);
      const now = this.#clock.now();
      const set: Partial<MonitoringFlagsTable> = { state: to, updated_at: now };
      if (to === 'acknowledged') Object.assign(set, { acknowledged_by: by, acknowledged_at: now });
      if (to === 'closed') Object.assign(set, { closed_by: by, closed_at: now });
      // Optimistic: the state read above must still hold, so two members cannot both move it.
      const updated = await trx.updateTable('monitoring_flags').set(set).where('id', '=', id).where('state', '=', r.state).returningAll().executeTakeFirst();
      if (updated === undefined) throw new ERR_OVERSIGHT_TRANSITION('a flag moved meanwhile', r.state, to);
      await trx
        .insertInto('monitoring_flag_notes')
        .values({ id: newId(now), flag_id: id, author: by, state: to, body: note, created_at: now })
        .execute();
      return toFlag(updated);
    });
  }

  /** Notes of a flag, oldest first. */
  async notes(id: string): Promise<FlagNote[]> {
    const rows = await this.#db.selectFrom('monitoring_flag_notes').selectAll().where('flag_id', '=', id).orderBy('id').execute();
    return rows.map(toNote);
  }

  /** Counts of flags raised in `[from, to)` by kind. */
  async countByKind(from: number, to: number): Promise<Record<FlagKind, number>> {
    const rows = await this.#db
      .selectFrom('monitoring_flags')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('raised_at', '>=', from)
      .where('raised_at', '<', to)
      .groupBy('kind')
      .execute();
    const out: Record<FlagKind, number> = { no_case: 0, out_of_scope: 0, volume: 0, repeated_lookup: 0, wide_scope: 0 };
    for (const r of rows) if (r.kind in out) out[r.kind as FlagKind] = Number(r.n);
    return out;
  }
}
