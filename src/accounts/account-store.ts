/**
 * Reads and writes users, sessions and API tokens (migration 0007). Written once over Kysely for
 * SQLite and PostgreSQL; pass a transaction as `db` to make calls part of it.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../core/roles.js';
import type { Database } from '../storage/database.js';
import { isUniqueViolation } from '../storage/errors.js';
import { ERR_ACCOUNT_DUPLICATE, ERR_ACCOUNT_NOT_FOUND } from './errors.js';
import type { AccountsTables, ApiTokensTable, SessionsTable, UsersTable } from './tables.js';

/** A user as the rest of the platform sees it (never the password hash). */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly roles: readonly Role[];
  readonly organizationId: string | null;
  readonly sector: string | null;
  readonly disabled: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** An API token's record (never its secret). */
export interface ApiToken {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
  /** The user who minted it (always `userId`; null only on tokens revoked by migration 0009). */
  readonly createdBy: string | null;
}

/** A stored session. */
export type Session = Readonly<Selectable<SessionsTable>>;

type AccountsDb = Kysely<Database & AccountsTables>;

/** Maps a row to a {@link User}. */
export function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: JSON.parse(r.roles) as Role[],
    organizationId: r.organization_id,
    sector: r.sector,
    disabled: Number(r.disabled) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toToken(r: Selectable<ApiTokensTable>): ApiToken {
  const n = (v: number | null): number | null => (v === null ? null : Number(v));
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    roles: JSON.parse(r.roles) as Role[],
    createdAt: Number(r.created_at),
    expiresAt: n(r.expires_at),
    lastUsedAt: n(r.last_used_at),
    revokedAt: n(r.revoked_at),
    createdBy: r.created_by,
  };
}

/** A page of rows, newest first, with the id to continue before. */
export interface StorePage<T> {
  readonly items: T[];
  readonly next: string | null;
}

function page<T extends { id: string }>(rows: T[], limit: number): StorePage<T> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** The account tables. */
export class AccountStore {
  readonly #db: AccountsDb;

  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<AccountsTables>();
  }

  /** Inserts a user; throws {@link ERR_ACCOUNT_DUPLICATE} when the name is taken. */
  async insertUser(row: UsersTable): Promise<User> {
    try {
      await this.#db.insertInto('users').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ERR_ACCOUNT_DUPLICATE(JSON.stringify(row.username), { cause: e });
      throw e;
    }
    return toUser(row);
  }

  /** The user row (with its hash), by id. */
  async userRow(id: string): Promise<Selectable<UsersTable> | undefined> {
    return this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The user row (with its hash), by lower-case name. */
  async userRowByName(username: string): Promise<Selectable<UsersTable> | undefined> {
    return this.#db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** User rows by id (for re-checking many principals at once). */
  async userRows(ids: readonly string[]): Promise<Map<string, Selectable<UsersTable>>> {
    if (ids.length === 0) return new Map();
    const rows = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Session rows by id. */
  async sessionRows(ids: readonly string[]): Promise<Map<string, Session>> {
    if (ids.length === 0) return new Map();
    const rows = await this.#db
      .selectFrom('sessions')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((s) => [s.id, { ...s, created_at: Number(s.created_at), last_seen_at: Number(s.last_seen_at), expires_at: Number(s.expires_at) }]));
  }

  /** Token rows by id. */
  async tokenRows(ids: readonly string[]): Promise<Map<string, Selectable<ApiTokensTable>>> {
    if (ids.length === 0) return new Map();
    const rows = await this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((t) => [t.id, t]));
  }

  /** Display names (or user names, when none is set) of the users with these ids. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const rows = await this.#db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('id', 'in', [...ids])
      .execute();
    for (const r of rows) out.set(r.id, r.display_name ?? r.username);
    return out;
  }

  /** The user; throws {@link ERR_ACCOUNT_NOT_FOUND}. */
  async requireUser(id: string): Promise<User> {
    const r = await this.userRow(id);
    if (r === undefined) throw new ERR_ACCOUNT_NOT_FOUND('user', JSON.stringify(id));
    return toUser(r);
  }

  /** Users by id, newest first. */
  async listUsers(f: { limit: number; before?: string | undefined }): Promise<StorePage<User>> {
    let q = this.#db.selectFrom('users').selectAll();
    if (f.before !== undefined) q = q.where('id', '<', f.before);
    return page(
      (
        await q
          .orderBy('id', 'desc')
          .limit(f.limit + 1)
          .execute()
      ).map(toUser),
      f.limit,
    );
  }

  /** Updates columns of a user; throws {@link ERR_ACCOUNT_NOT_FOUND}. */
  async updateUser(id: string, set: Partial<Omit<UsersTable, 'id' | 'created_at'>>): Promise<User> {
    const r = await this.#db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirst();
    if (r === undefined) throw new ERR_ACCOUNT_NOT_FOUND('user', JSON.stringify(id));
    return toUser(r);
  }

  /** Stores a session. */
  async insertSession(row: SessionsTable): Promise<void> {
    await this.#db.insertInto('sessions').values(row).execute();
  }

  /** A session with its user row, by the hash of its token. */
  async session(id: string): Promise<{ session: Session; user: Selectable<UsersTable> } | undefined> {
    const s = await this.#db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (s === undefined) return undefined;
    const user = await this.userRow(s.user_id);
    return user === undefined ? undefined : { session: { ...s, created_at: Number(s.created_at), last_seen_at: Number(s.last_seen_at), expires_at: Number(s.expires_at) }, user };
  }

  /** Moves a session's last activity forward. */
  async touchSession(id: string, at: number): Promise<void> {
    await this.#db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  /** Deletes one session. */
  async deleteSession(id: string): Promise<boolean> {
    const r = await this.#db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Deletes every session of a user except `keep`; returns how many. */
  async deleteUserSessions(userId: string, keep?: string): Promise<number> {
    let q = this.#db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keep !== undefined) q = q.where('id', '!=', keep);
    return Number((await q.executeTakeFirst()).numDeletedRows);
  }

  /** Deletes sessions past their absolute end or idle since before `idleBefore`. */
  async purgeSessions(now: number, idleBefore: number): Promise<number> {
    const r = await this.#db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Stores a token. */
  async insertToken(row: ApiTokensTable): Promise<ApiToken> {
    await this.#db.insertInto('api_tokens').values(row).execute();
    return toToken(row);
  }

  /** A token row (with its secret hash). */
  async tokenRow(id: string): Promise<Selectable<ApiTokensTable> | undefined> {
    return this.#db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Tokens, newest first, optionally of one user. */
  async listTokens(f: { userId?: string | undefined; limit: number; before?: string | undefined }): Promise<StorePage<ApiToken>> {
    let q = this.#db.selectFrom('api_tokens').selectAll();
    if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
    if (f.before !== undefined) q = q.where('id', '<', f.before);
    return page(
      (
        await q
          .orderBy('id', 'desc')
          .limit(f.limit + 1)
          .execute()
      ).map(toToken),
      f.limit,
    );
  }

  /** Marks a token revoked; returns it, or undefined when there is none. */
  async revokeToken(id: string, at: number): Promise<ApiToken | undefined> {
    const r = await this.#db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    return r === undefined ? undefined : toToken(r);
  }

  /** Records a token's last use. */
  async touchToken(id: string, at: number): Promise<void> {
    await this.#db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  /** Organisation name by id (for `Me`), or undefined. */
  async organizationName(id: string): Promise<string | undefined> {
    const r = await this.#db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
    return r?.name;
  }

  /** Number of users (to tell a first start). */
  async countUsers(): Promise<number> {
    const r = await this.#db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
