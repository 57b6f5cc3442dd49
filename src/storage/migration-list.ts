/**
 * The schema migrations of every part, in the order they apply. Each part lists its own in its
 * descriptor (`core/part.ts`), one numbered file each under `src/<part>/migrations/`; the
 * composition root hands the assembled list to storage. The list is static (imported, not read
 * from a folder) so it works the same from `src/` under tsx and from `dist/`.
 *
 * ## Adding tables (for every part of the product)
 *
 * 1. Create `src/<part>/migrations/NNNN-<name>.ts`, numbered one above the highest number of any
 *    part, exporting `up(db)` and `down(db)` written with Kysely's schema builder only, so the same
 *    file serves SQLite and PostgreSQL:
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
 * 2. List it in the part's descriptor: `migrations: { 'NNNN-<name>': mNNNN }`.
 * 3. Declare the row types in `src/<part>/tables.ts` and merge them into `Database`
 *    (`storage/database.ts` shows how).
 * 4. Test the store with `describeStorage` (`src/storage/testing/storage-suite.ts`); the migration
 *    test in `platform/migrations.test.ts` already checks every entry goes up, down and up again on both engines.
 *
 * A released migration never changes: alter the schema in a new file. Names sort as text, so keep
 * the four-digit prefix; Kysely refuses to run a migration older than one already applied.
 */
import type { Kysely, Migration } from 'kysely';
import type { MigrationModule, PartDescriptor } from '../core/part.js';
import { ERR_STORAGE_MIGRATION_LIST } from './errors.js';

export type { MigrationModule } from '../core/part.js';

/** Migrations keyed by name (`NNNN-<name>`), as Kysely's migrator takes them. */
export type MigrationList = Readonly<Record<string, Migration>>;

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

const NAME = /^(\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Assembles the migrations the parts declare into one list in the order they apply.
 *
 * @throws {@link ERR_STORAGE_MIGRATION_LIST} when a name is not `NNNN-<name>` or two parts use
 * one number — naming the parts — so a clash fails at start, before any database is touched.
 */
export function migrationList(parts: readonly Pick<PartDescriptor, 'name' | 'migrations'>[]): MigrationList {
  const byNumber = new Map<string, string>();
  const out: [string, Migration][] = [];
  for (const part of parts) {
    for (const [name, module] of Object.entries(part.migrations ?? {})) {
      const number = NAME.exec(name)?.[1];
      if (number === undefined) throw new ERR_STORAGE_MIGRATION_LIST(`${part.name}/ names a migration ${JSON.stringify(name)}; use NNNN-<lower-case-name>`);
      const other = byNumber.get(number);
      if (other !== undefined) throw new ERR_STORAGE_MIGRATION_LIST(`migration number ${number} is used by ${other} and by ${part.name}/${name}`);
      byNumber.set(number, `${part.name}/${name}`);
      out.push([name, transactional(module)]);
    }
  }
  out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.freeze(Object.fromEntries(out));
}
