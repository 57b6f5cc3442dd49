/**
 * Intel: the state of each TAXII 2.1 feed the client pulls (`intel.feeds`).
 *
 * - `intel_feed_state`: one row per feed name — the resume point (the last stored page's
 *   `X-TAXII-Date-Added-Last`, normalised to microseconds), when and how the last pull ended, what
 *   it stored, and totals. The resume point is written only after the page's objects are stored.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates the feed state table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intel_feed_state')
    .addColumn('feed', 'text', (c) => c.primaryKey())
    .addColumn('resume_point', 'text')
    .addColumn('last_pull_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('last_outcome', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_stored', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_refused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('stored_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicates_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Drops the feed state table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intel_feed_state').execute();
}
