/**
 * Case scopes over SQL: the case's state from the operations `cases` table, the organisations and
 * attacks linked to it from `case_evidence`, each cited attack's target and time from the
 * detection `attacks` table, and the prefixes with time windows declared in `case_access_scopes`.
 * Written once over Kysely for SQLite and PostgreSQL.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { formatPrefix, parsePrefix } from '../../core/ip.js';
import type { Database } from '../../storage/database.js';
import { isForeignKeyViolation } from '../../storage/errors.js';
import { newId } from '../../storage/id.js';
import type { CaseAccessScopesTable } from '../tables.js';
import type { AccessConfig } from '../config.js';
import { ERR_ACCESS_CASE_NOT_FOUND, ERR_ACCESS_INVALID_QUERY } from '../errors.js';
import type { CaseScope, CaseScopeLookup, ScopeApproval } from './scope.js';

const MINUTE = 60_000;

/** A scope entry as the console lists it: declared by a case worker, or derived from evidence. */
export interface ScopeRow {
  /** The row id of a declared entry; `evidence:<evidence id>` for a derived one. */
  readonly id: string;
  readonly caseId: string;
  /** `declared` entries can be removed; `evidence` entries go with their evidence. */
  readonly origin: 'declared' | 'evidence';
  /** Canonical prefix text. */
  readonly prefix: string;
  readonly from: number;
  readonly to: number | null;
  readonly approval: ScopeApproval;
  /** Who declared it, or who linked the evidence. */
  readonly addedBy: string;
  readonly addedAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  /** The attack a derived entry comes from. */
  readonly attackId: string | null;
}

/** Who may change a case's scope, and whether it is still open. */
export interface CaseOwners {
  readonly createdBy: string;
  readonly assignee: string | null;
  readonly state: string;
}

function toRow(r: Selectable<CaseAccessScopesTable>): ScopeRow {
  return {
    id: r.id,
    caseId: r.case_id,
    origin: 'declared',
    prefix: r.prefix,
    from: Number(r.from_ms),
    to: r.to_ms === null ? null : Number(r.to_ms),
    approval: r.approval as ScopeApproval,
    addedBy: r.added_by,
    addedAt: Number(r.added_at),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    attackId: null,
  };
}

/** Canonical prefix text; throws {@link ERR_ACCESS_INVALID_QUERY}. */
export function canonicalPrefix(text: string): string {
  try {
    return formatPrefix(parsePrefix(text.trim()));
  } catch (e) {
    throw new ERR_ACCESS_INVALID_QUERY(`${JSON.stringify(text)} is not an address or prefix`, { cause: e });
  }
}

/** The canonical prefix of an attack target (`192.0.2.10` or `198.18.0.0/22`), or undefined. */
function targetPrefix(target: string): string | undefined {
  try {
    return formatPrefix(parsePrefix(target));
  } catch {
    return undefined;
  }
}

/** The SQL case-scope store and {@link CaseScopeLookup}. */
export class SqlCaseScopes implements CaseScopeLookup {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #config: Pick<AccessConfig, 'evidenceMarginMinutes'>;
  readonly #marginMs: number;

  constructor(db: Kysely<Database>, clock: Clock, config: Pick<AccessConfig, 'evidenceMarginMinutes'>) {
    this.#db = db;
    this.#clock = clock;
    this.#config = config;
    this.#marginMs = config.evidenceMarginMinutes * MINUTE;
  }

  /** The database (or transaction) the store works in. */
  get db(): Kysely<Database> {
    return this.#db;
  }

  /** The same store working in `trx`. */
  on(trx: Kysely<Database>): SqlCaseScopes {
    return new SqlCaseScopes(trx, this.#clock, this.#config);
  }

  async scopeOf(caseId: string): Promise<CaseScope | undefined> {
    const c = await this.owners(caseId);
    if (c === undefined) return undefined;
    const [rows, orgs] = await Promise.all([this.list(caseId), this.#db.selectFrom('case_evidence').select('ref').where('case_id', '=', caseId).where('kind', '=', 'organization').execute()]);
    return {
      caseId,
      open: c.state !== 'closed',
      entries: rows.map((r) => ({ prefix: parsePrefix(r.prefix), from: r.from, to: r.to, approval: r.approval })),
      organizations: orgs.map((o) => o.ref),
    };
  }

  /** The case's creator, assignee and state, or undefined when there is no such case. */
  async owners(caseId: string): Promise<CaseOwners | undefined> {
    const c = await this.#db.selectFrom('cases').select(['created_by', 'assignee', 'state']).where('id', '=', caseId).executeTakeFirst();
    return c === undefined ? undefined : { createdBy: c.created_by, assignee: c.assignee, state: c.state };
  }

  /** Scope entries of a case: those derived from its attacks, then the declared ones, oldest first. */
  async list(caseId: string): Promise<ScopeRow[]> {
    const [declared, derived] = await Promise.all([this.#db.selectFrom('case_access_scopes').selectAll().where('case_id', '=', caseId).orderBy('id').execute(), this.#fromEvidence(caseId)]);
    return [...derived, ...declared.map(toRow)];
  }

  /**
   * Each attack the case cites gives its target over the attack's time, widened by the margin on
   * both sides; open-ended while the attack runs. An attack no longer stored gives nothing.
   */
  async #fromEvidence(caseId: string): Promise<ScopeRow[]> {
    const rows = await this.#db
      .selectFrom('case_evidence as e')
      .innerJoin('attacks as a', 'a.id', 'e.ref')
      .select(['e.id as evidence_id', 'e.added_by', 'e.added_at', 'a.id as attack_id', 'a.target', 'a.started_at', 'a.ended_at'])
      .where('e.case_id', '=', caseId)
      .where('e.kind', '=', 'attack')
      .orderBy('e.id')
      .execute();
    const out: ScopeRow[] = [];
    for (const r of rows) {
      const prefix = targetPrefix(r.target);
      if (prefix === undefined) continue;
      out.push({
        id: `evidence:${r.evidence_id}`,
        caseId,
        origin: 'evidence',
        prefix,
        from: Number(r.started_at) - this.#marginMs,
        to: r.ended_at === null ? null : Number(r.ended_at) + this.#marginMs,
        approval: 'not_needed',
        addedBy: r.added_by,
        addedAt: Number(r.added_at),
        decidedBy: null,
        decidedAt: null,
        attackId: r.attack_id,
      });
    }
    return out;
  }

  /** One declared entry of a case, or undefined. */
  async get(caseId: string, id: string): Promise<ScopeRow | undefined> {
    const r = await this.#db.selectFrom('case_access_scopes').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toRow(r);
  }

  /** Adds a prefix and window to a case's scope; throws {@link ERR_ACCESS_CASE_NOT_FOUND}. */
  async add(e: { caseId: string; prefix: string; from: number; to: number | null; addedBy: string; approval: 'not_needed' | 'pending' }): Promise<ScopeRow> {
    checkWindow(e.from, e.to);
    const now = this.#clock.now();
    const row: CaseAccessScopesTable = {
      id: newId(now),
      case_id: e.caseId,
      prefix: canonicalPrefix(e.prefix),
      from_ms: e.from,
      to_ms: e.to,
      added_by: e.addedBy,
      added_at: now,
      approval: e.approval,
      decided_by: null,
      decided_at: null,
    };
    try {
      await this.#db.insertInto('case_access_scopes').values(row).execute();
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ERR_ACCESS_CASE_NOT_FOUND(JSON.stringify(e.caseId), { cause: err });
      throw err;
    }
    return toRow(row);
  }

  /** Records the commission's decision on a pending entry; undefined when it is no longer pending. */
  async decide(caseId: string, id: string, approval: 'approved' | 'rejected', by: string): Promise<ScopeRow | undefined> {
    const r = await this.#db
      .updateTable('case_access_scopes')
      .set({ approval, decided_by: by, decided_at: this.#clock.now() })
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .where('approval', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    return r === undefined ? undefined : toRow(r);
  }

  /** Removes one declared entry of a case; returns it, or undefined when there was none. */
  async remove(caseId: string, id: string): Promise<ScopeRow | undefined> {
    const r = await this.#db.deleteFrom('case_access_scopes').where('case_id', '=', caseId).where('id', '=', id).returningAll().executeTakeFirst();
    return r === undefined ? undefined : toRow(r);
  }
}

/** Throws {@link ERR_ACCESS_INVALID_QUERY} unless the window has integer times with from <= to. */
export function checkWindow(from: number, to: number | null): void {
  if (!Number.isSafeInteger(from) || (to !== null && (!Number.isSafeInteger(to) || to < from))) {
    throw new ERR_ACCESS_INVALID_QUERY('a scope window needs integer times with from <= to');
  }
}
