/**
 * Multi-row inserts in chunks: one statement per chunk instead of one round trip per row, with the
 * chunk size chosen so a statement stays under both engines' bound-parameter limits (SQLite 32 766,
 * PostgreSQL 65 535). Every full chunk has the same shape, so the engines' statement caches reuse it.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';

const MAX_PARAMETERS = 30_000;

/** Inserts `rows` into `table` (all rows with the same columns) in as few statements as the limits allow. */
export async function batchInsert<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(first).length));
  for (let i = 0; i < rows.length; i += perChunk) {
    // Kysely cannot narrow a generic table's insert type; `rows` is typed by the caller's signature.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + perChunk) as never)
      .execute();
  }
}

/** Splits `values` into chunks of at most `size`, for `in (…)` lists. */
export function chunks<V>(values: readonly V[], size = 1000): V[][] {
  const out: V[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
