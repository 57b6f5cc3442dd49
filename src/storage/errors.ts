/**
 * Errors raised by the storage layer, and recognisers for constraint violations that stores turn
 * into their own coded errors. Both drivers report violations differently (PostgreSQL SQLSTATE
 * class 23, SQLite extended result codes), so stores ask these helpers instead of the driver.
 */
import { defineError } from '../core/errors.js';

/** The `storage.url` setting cannot be understood. */
export const ERR_STORAGE_BAD_URL = defineError<[string, string]>('SAKIMORI_ERR_STORAGE_BAD_URL', 'invalid storage.url %s: %s', 400);
/** The database could not be opened or reached; the URL is shown without its password. */
export const ERR_STORAGE_UNREACHABLE = defineError<[string, string]>('SAKIMORI_ERR_STORAGE_UNREACHABLE', 'cannot open the database at %s: %s', 503);
/** The storage component was used before `start()` or after `stop()`. */
export const ERR_STORAGE_NOT_STARTED = defineError<[]>('SAKIMORI_ERR_STORAGE_NOT_STARTED', 'storage is not started', 500);
/** A schema migration failed; the database is left at the last migration that succeeded. */
export const ERR_STORAGE_MIGRATION_FAILED = defineError<[string, string]>('SAKIMORI_ERR_STORAGE_MIGRATION_FAILED', 'migration %s failed: %s', 500);
/** `db migrate --to` named a migration that does not exist. */
export const ERR_STORAGE_UNKNOWN_MIGRATION = defineError<[string, string]>('SAKIMORI_ERR_STORAGE_UNKNOWN_MIGRATION', 'unknown migration %s (known: %s)', 400);

function codeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  const code = (e as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `e` is a unique-constraint violation from either driver (SQLSTATE 23505). */
export function isUniqueViolation(e: unknown): boolean {
  const code = codeOf(e);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when `e` is a foreign-key violation from either driver (SQLSTATE 23503). */
export function isForeignKeyViolation(e: unknown): boolean {
  const code = codeOf(e);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
/** The parts' migrations do not form one list (a malformed name, or one number used twice). */
export const ERR_STORAGE_MIGRATION_LIST = defineError<[string]>('SAKIMORI_ERR_STORAGE_MIGRATION_LIST', 'the migration list is inconsistent: %s', 500);
