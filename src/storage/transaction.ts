/**
 * Helpers for writing stores once for both engines: transactions that compose, the engine behind a
 * Kysely instance, and a write lock for check-then-insert invariants.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { StorageDialect } from './url.js';

/**
 * Runs `fn` in a transaction, or directly inside the caller's when `db` already is one, so a store
 * method is atomic on its own and also composes into a larger unit of work (Kysely has no nested
 * transactions).
 */
export function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** The engine behind a Kysely instance or transaction. */
export function dialectOf<DB>(db: Kysely<DB>): StorageDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Serialises writers that check an invariant across rows before inserting (e.g. "no two
 * organisations' prefixes overlap"), until the end of the current transaction. PostgreSQL's
 * default READ COMMITTED isolation would let two such transactions both pass the check, so a
 * transaction-scoped advisory lock keyed by `name` is taken. SQLite needs nothing: Kysely's
 * SQLite driver runs one transaction at a time per process, and in WAL mode a second process whose
 * read snapshot went stale gets SQLITE_BUSY when it tries to write, instead of writing.
 *
 * Call it inside a transaction, before the check.
 */
export async function lockForWrite<DB>(trx: Kysely<DB>, name: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
