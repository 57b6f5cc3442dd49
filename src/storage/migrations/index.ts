/**
 * The ordered list of schema migrations, one numbered file each. The list is static (imported,
 * not read from a folder) so it works the same from `src/` under tsx and from `dist/`.
 *
 * ## Adding tables (for every part of the product)
 *
 * 1. Create `src/storage/migrations/NNNN-<part>.ts`, numbered one above the last entry below,
 *    exporting `up(db)` and `down(db)` written with Kysely's schema builder only, so the same file
 *    serves SQLite and PostgreSQL:
 *    ```ts
 *    import type { Kysely } from 'kysely';
 *    export async function up(db: Kysely<unknown>): Promise<void> {
 *      await db.schema.createTable('attacks')
 *        .addColumn('id', 'text', (c) => c.primaryKey())                 // newId() from storage/id.ts
 *        .addColumn('network_id', 'text', (c) => c.notNull().references('protected_networks.id'))
 *        .addColumn('started_at', 'bigint', (c) => c.notNull())          // epoch milliseconds
 *        .addColumn('details', 'text', (c) => c.notNull())               // JSON as text
 *        .execute();
 *    }
 *    export async function down(db: Kysely<unknown>): Promise<void> {
 *      await db.schema.dropTable('attacks').execute();
 *    }
 *    ```
 *    Column conventions: ids `text`, times `bigint` epoch ms, counters `bigint`, flags `integer`
 *    0/1, JSON `text`, no engine-specific types (no `jsonb`, `timestamptz`, `serial`, arrays).
 * 2. Add one line to {@link MIGRATIONS} below: `'0003-attacks': transactional(m0003),`.
 * 3. Declare the row types in `src/storage/tables/<part>.ts` and add the interface to `Database`
 *    in `src/storage/database.ts`.
 * 4. Test the store with `describeStorage` (`src/storage/testing/storage-suite.ts`); the migration
 *    test in `migrate.test.ts` already checks every entry goes up, down and up again on both engines.
 *
 * A released migration never changes: alter the schema in a new file. Names sort as text, so keep
 * the four-digit prefix; Kysely refuses to run a migration older than one already applied.
 */
import type { Kysely, Migration } from 'kysely';
import * as m0001 from './0001-registry.js';
import * as m0002 from './0002-exporters.js';
import * as m0003 from './0003-operations.js';
import * as m0004 from './0004-oversight.js';
import * as m0005 from './0005-intel.js';
import * as m0006 from './0006-attacks.js';
import * as m0007 from './0007-accounts.js';
import * as m0008 from './0008-audit-outbox.js';
import * as m0009 from './0009-accounts-hardening.js';
import * as m0010 from './0010-case-scope.js';
import * as m0011 from './0011-attack-extent.js';
import * as m0012 from './0012-baselines.js';

/** What a migration file exports. */
export interface MigrationModule {
  up(db: Kysely<unknown>): Promise<void>;
  down?(db: Kysely<unknown>): Promise<void>;
  /**
   * Set to `false` for the rare migration that must run outside a transaction (on SQLite, a table
   * rebuild that switches `foreign_keys` off, which cannot change inside a transaction).
   */
  readonly transactional?: boolean;
}

function wrap(fn: (db: Kysely<unknown>) => Promise<void>, useTransaction: boolean): (db: Kysely<unknown>) => Promise<void> {
  // PostgreSQL: Kysely already runs every migration inside a transaction (transactional DDL).
  // SQLite: it does not, so a migration failing half-way would leave half a schema; wrap it here.
  return (db) => (!useTransaction || db.isTransaction ? fn(db) : db.transaction().execute((trx) => fn(trx)));
}

/** Adapts a migration module to Kysely, running it in a transaction on every engine. */
export function transactional(m: MigrationModule): Migration {
  const useTransaction = m.transactional !== false;
  const down = m.down;
  return down === undefined ? { up: wrap(m.up, useTransaction) } : { up: wrap(m.up, useTransaction), down: wrap(down, useTransaction) };
}

/** Every migration, keyed by name (`NNNN-<part>`), in the order they apply. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-registry': transactional(m0001),
  '0002-exporters': transactional(m0002),
  '0003-operations': transactional(m0003),
  '0004-oversight': transactional(m0004),
  '0005-intel': transactional(m0005),
  '0006-attacks': transactional(m0006),
  '0007-accounts': transactional(m0007),
  '0008-audit-outbox': transactional(m0008),
  '0009-accounts-hardening': transactional(m0009),
  '0010-case-scope': transactional(m0010),
  '0011-attack-extent': transactional(m0011),
  '0012-baselines': transactional(m0012),
});
