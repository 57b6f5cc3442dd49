/**
 * Case scopes over SQL: the case's state from the operations `cases` table, the organisations
 * linked to it from `case_evidence` (kind `organization`), and the prefixes with time windows a
 * case worker declared in `case_access_scopes`. Written once over Kysely for SQLite and PostgreSQL.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { formatPrefix, parsePrefix } from '../../core/ip.js';
import type { Database } from '../../storage/database.js';
import { isForeignKeyViolation } from '../../storage/errors.js';
import { newId } from '../../storage/id.js';
import type { CaseAccessScopesTable } from '../../storage/tables/oversight.js';
import { ERR_ACCESS_CASE_NOT_FOUND, ERR_ACCESS_INVALID_QUERY } from '../errors.js';
import type { CaseScope, CaseScopeLookup } from './scope.js';

/** A stored scope entry as the console lists it. */
export interface ScopeRow {
  readonly id: string;
  readonly caseId: string;
  /** Canonical prefix text. */
  readonly prefix: string;
  readonly from: number;
  readonly to: number | null;
  readonly addedBy: string;
  readonly addedAt: number;
}

function toRow(r: Selectable<CaseAccessScopesTable>): ScopeRow {
  return { id: r.id, caseId: r.case_id, prefix: r.prefix, from: Number(r.from_ms), to: r.to_ms === null ? null : Number(r.to_ms), addedBy: r.added_by, addedAt: Number(r.added_at) };
}

/** Canonical prefix text; throws {@link ERR_ACCESS_INVALID_QUERY}. */
export function canonicalPrefix(text: string): string {
  try {
    return formatPrefix(parsePrefix(text.trim()));
  } catch (e) {
    throw new ERR_ACCESS_INVALID_QUERY(`${JSON.stringify(text)} is not an address or prefix`, { cause: e });
  }
}

/** The SQL case-scope store and {@link CaseScopeLookup}. */
export class SqlCaseScopes implements CaseScopeLookup {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async scopeOf(caseId: string): Promise<CaseScope | undefined> {
    const c = await this.#db.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirst();
    if (c === undefined) return undefined;
    const [rows, orgs] = await Promise.all([
      this.list(caseId),
      this.#db.selectFrom('case_evidence').select('ref').where('case_id', '=', caseId).where('kind', '=', 'organization').execute(),
    ]);
    return {
      caseId,
      open: c.state !== 'closed',
      entries: rows.map((r) => ({ prefix: parsePrefix(r.prefix), from: r.from, to: r.to })),
      organizations: orgs.map((o) => o.ref),
    };
  }

  /** Scope entries of a case, oldest first. */
  async list(caseId: string): Promise<ScopeRow[]> {
    const rows = await this.#db.selectFrom('case_access_scopes').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
    return rows.map(toRow);
  }

  /** Adds a prefix and window to a case's scope; throws {@link ERR_ACCESS_CASE_NOT_FOUND}. */
  async add(e: { caseId: string; prefix: string; from: number; to: number | null; addedBy: string }): Promise<ScopeRow> {
    if (!Number.isSafeInteger(e.from) || (e.to !== null && (!Number.isSafeInteger(e.to) || e.to < e.from))) {
      throw new ERR_ACCESS_INVALID_QUERY('a scope window needs integer times with from <= to');
    }
    const now = this.#clock.now();
    const row: CaseAccessScopesTable = { id: newId(now), case_id: e.caseId, prefix: canonicalPrefix(e.prefix), from_ms: e.from, to_ms: e.to, added_by: e.addedBy, added_at: now };
    try {
      await this.#db.insertInto('case_access_scopes').values(row).execute();
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ERR_ACCESS_CASE_NOT_FOUND(JSON.stringify(e.caseId), { cause: err });
      throw err;
    }
    return toRow(row);
  }

  /** Removes one scope entry of a case; returns it, or undefined when there was none. */
  async remove(caseId: string, id: string): Promise<ScopeRow | undefined> {
    const r = await this.#db.deleteFrom('case_access_scopes').where('case_id', '=', caseId).where('id', '=', id).returningAll().executeTakeFirst();
    return r === undefined ? undefined : toRow(r);
  }
}
