/**
 * The embedded backend: one SQLite file opened with better-sqlite3. Kysely's SQLite driver keeps a
 * single connection behind a mutex, so transactions from one process never interleave.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { ERR_STORAGE_UNREACHABLE } from '../errors.js';

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** An opened SQLite database, ready to hand to Kysely. */
export interface SqliteBackend {
  readonly dialect: SqliteDialect;
  /** Absolute file path, or `:memory:`. */
  readonly path: string;
}

/**
 * Opens (creating if needed, with its directory) the SQLite database at `path`, relative paths
 * resolved against the working directory. Settings:
 * - `journal_mode=WAL`: readers never block the writer, so the API can read while the collector writes;
 * - `synchronous=NORMAL`: with WAL, durable across application crashes; a power loss may lose the
 *   last transactions but never corrupts the file (https://sqlite.org/pragma.html#pragma_synchronous);
 * - `foreign_keys=ON`: SQLite leaves them off by default, and the schema relies on them;
 * - `busy_timeout`: another process (e.g. `sakimori org add` while the server runs) waits instead of failing.
 *
 * @throws {@link ERR_STORAGE_UNREACHABLE} when the directory cannot be created or the file opened.
 */
export function openSqlite(path: string): SqliteBackend {
  const memory = path === ':memory:';
  const full = memory ? path : resolve(path);
  let db: BetterSqlite3.Database;
  try {
    if (!memory) mkdirSync(dirname(full), { recursive: true });
    db = new BetterSqlite3(full);
  } catch (e) {
    throw new ERR_STORAGE_UNREACHABLE(`sqlite:${full}`, (e as Error).message, { cause: e });
  }
  try {
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  } catch (e) {
    db.close();
    // A file that is not a database fails here ("file is not a database").
    throw new ERR_STORAGE_UNREACHABLE(`sqlite:${full}`, (e as Error).message, { cause: e });
  }
  return { dialect: new SqliteDialect({ database: db }), path: full };
}
