/**
 * Reads and writes pending role grants (`role_grants`, migration 0009): a grant of
 * `commission_member` made through the API, waiting for a different sitting commission member to
 * confirm or decline it. Written once over Kysely for SQLite and PostgreSQL.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../core/roles.js';
import type { Database } from '../storage/database.js';
import type { StorePage } from './account-store.js';
import type { AccountsTables, RoleGrantState, RoleGrantsTable } from './tables.js';

/** A role grant as the rest of the platform sees it. */
export interface RoleGrant {
  readonly id: string;
  readonly userId: string;
  readonly role: Role;
  /** User id of the admin who granted it. */
  readonly grantedBy: string;
  readonly state: RoleGrantState;
  readonly createdAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
}

function toGrant(r: Selectable<RoleGrantsTable>): RoleGrant {
  return {
    id: r.id,
    userId: r.user_id,
    role: r.role as Role,
    grantedBy: r.granted_by,
    state: r.state,
    createdAt: Number(r.created_at),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
  };
}

/** The role_grants table. */
export class RoleGrantStore {
  readonly #db: Kysely<Database & AccountsTables>;

  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<AccountsTables>();
  }

  /** Stores a new grant. */
  async insert(row: RoleGrantsTable): Promise<RoleGrant> {
    await this.#db.insertInto('role_grants').values(row).execute();
    return toGrant(row);
  }

  /** A grant by id, or undefined. */
  async get(id: string): Promise<RoleGrant | undefined> {
    const r = await this.#db.selectFrom('role_grants').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toGrant(r);
  }

  /** The pending grants of a user. */
  async pendingOf(userId: string): Promise<RoleGrant[]> {
    const rows = await this.#db.selectFrom('role_grants').selectAll().where('user_id', '=', userId).where('state', '=', 'pending').orderBy('id').execute();
    return rows.map(toGrant);
  }

  /** The roles pending for each of `userIds` (users without any are absent). */
  async pendingRoles(userIds: readonly string[]): Promise<Map<string, Role[]>> {
    const out = new Map<string, Role[]>();
    if (userIds.length === 0) return out;
    const rows = await this.#db
      .selectFrom('role_grants')
      .select(['user_id', 'role'])
      .where('user_id', 'in', [...userIds])
      .where('state', '=', 'pending')
      .orderBy('id')
      .execute();
    for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.role as Role]);
    return out;
  }

  /** Grants, newest first, optionally in one state. */
  async list(f: { state?: RoleGrantState | undefined; limit: number; before?: string | undefined }): Promise<StorePage<RoleGrant>> {
    let q = this.#db.selectFrom('role_grants').selectAll();
    if (f.state !== undefined) q = q.where('state', '=', f.state);
    if (f.before !== undefined) q = q.where('id', '<', f.before);
    const rows = (
      await q
        .orderBy('id', 'desc')
        .limit(f.limit + 1)
        .execute()
    ).map(toGrant);
    const items = rows.slice(0, f.limit);
    return { items, next: rows.length > f.limit ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Moves a pending grant to `state`; returns it, or undefined when it is not pending any more
   * (so two members deciding at once cannot both win).
   */
  async decide(id: string, state: Exclude<RoleGrantState, 'pending'>, by: string, at: number): Promise<RoleGrant | undefined> {
    const r = await this.#db.updateTable('role_grants').set({ state, decided_by: by, decided_at: at }).where('id', '=', id).where('state', '=', 'pending').returningAll().executeTakeFirst();
    return r === undefined ? undefined : toGrant(r);
  }
}
