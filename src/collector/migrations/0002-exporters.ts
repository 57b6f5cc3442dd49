/**
 * Collector: flow exporters and their per-period counters.
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates exporters and exporter_stats. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exporters')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('sampling_rate', 'integer')
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('exporter_stats')
    .addColumn('exporter_id', 'text', (c) => c.notNull().references('exporters.id').onDelete('cascade'))
    .addColumn('period_start', 'bigint', (c) => c.notNull())
    .addColumn('datagrams', 'bigint', (c) => c.notNull())
    .addColumn('records', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('decode_errors', 'text', (c) => c.notNull())
    .addColumn('template_misses', 'bigint', (c) => c.notNull())
    .addColumn('sequence_gaps', 'bigint', (c) => c.notNull())
    .addColumn('lost_records', 'bigint', (c) => c.notNull())
    .addColumn('drops', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('exporter_stats_pkey', ['exporter_id', 'period_start'])
    .execute();
  // Retention deletes by period across all exporters.
  await db.schema.createIndex('exporter_stats_period').on('exporter_stats').column('period_start').execute();
}

/** Drops exporters and exporter_stats. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exporter_stats').execute();
  await db.schema.dropTable('exporters').execute();
}
