/**
 * Fixed-window counters of authentication attempts in the database (`auth_counters`, migration
 * 0009), so a restart does not reset them and every server process on one database shares them.
 * Keys are the SHA-256 of what is counted (an account name, a source address), never the values
 * themselves. Written once over Kysely for SQLite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import type { AccountsTables } from './tables.js';

/** A counter's state: attempts counted in the window that started at `windowStart`. */
export interface Counter {
  readonly count: number;
  readonly windowStart: number;
}

/** The key of a counter of `kind` over `parts` (a SHA-256, hex). */
export function counterKey(kind: string, ...parts: readonly string[]): string {
  return createHash('sha256')
    .update([kind, ...parts].join('\u0000'))
    .digest('hex');
}

/** The counters table. */
export class AuthCounters {
  readonly #db: Kysely<Database & AccountsTables>;

  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<AccountsTables>();
  }

  /**
   * Counts one attempt under `key` and returns the counter after it, atomically: a window older
   * than `windowMs` starts again at 1. Concurrent attempts each see their own count, so parallel
   * guesses cannot all pass a check made before any of them was counted.
   */
  async hit(key: string, now: number, windowMs: number): Promise<Counter> {
    const stale = now - windowMs;
    const r = await this.#db
      .insertInto('auth_counters')
      .values({ key, window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql<number>`case when auth_counters.window_start <= ${stale} then 1 else auth_counters.count + 1 end`,
          window_start: sql<number>`case when auth_counters.window_start <= ${stale} then ${now} else auth_counters.window_start end`,
        }),
      )
      .returning(['count', 'window_start'])
      .executeTakeFirstOrThrow();
    return { count: Number(r.count), windowStart: Number(r.window_start) };
  }

  /** The counter under `key` while its window (of `windowMs`) is current, else undefined. */
  async peek(key: string, now: number, windowMs: number): Promise<Counter | undefined> {
    const r = await this.#db.selectFrom('auth_counters').select(['count', 'window_start']).where('key', '=', key).executeTakeFirst();
    if (r === undefined || Number(r.window_start) <= now - windowMs) return undefined;
    return { count: Number(r.count), windowStart: Number(r.window_start) };
  }

  /** Forgets the counter under `key`. */
  async clear(key: string): Promise<void> {
    await this.#db.deleteFrom('auth_counters').where('key', '=', key).execute();
  }

  /** Deletes counters whose window started before `before`; returns how many. */
  async purge(before: number): Promise<number> {
    const r = await this.#db.deleteFrom('auth_counters').where('window_start', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
