/**
 * Detection: attacks with their lifecycle, a per-second timeline and attacker lists.
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates attacks, attack_timeline and attack_sources. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attacks')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('family', 'integer', (c) => c.notNull())
    .addColumn('network_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('network_prefix', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('detected_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('end_reason', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('vectors', 'text', (c) => c.notNull())
    .addColumn('current_pps', 'double precision', (c) => c.notNull())
    .addColumn('current_bps', 'double precision', (c) => c.notNull())
    .addColumn('peak_pps', 'double precision', (c) => c.notNull())
    .addColumn('peak_bps', 'double precision', (c) => c.notNull())
    .addColumn('rates', 'text', (c) => c.notNull())
    .addColumn('peak', 'text', (c) => c.notNull())
    .addColumn('thresholds', 'text', (c) => c.notNull())
    .addColumn('top_sources', 'text', (c) => c.notNull())
    .addColumn('source_count', 'integer', (c) => c.notNull())
    .addColumn('target_count', 'integer', (c) => c.notNull())
    .addColumn('total_packets', 'double precision', (c) => c.notNull())
    .addColumn('total_bytes', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attacks_started').on('attacks').column('started_at').execute();
  await db.schema.createIndex('attacks_state').on('attacks').columns(['state', 'started_at']).execute();
  await db.schema.createIndex('attacks_organization').on('attacks').columns(['organization_id', 'started_at']).execute();

  await db.schema
    .createTable('attack_timeline')
    .addColumn('attack_id', 'text', (c) => c.notNull().references('attacks.id').onDelete('cascade'))
    .addColumn('second', 'bigint', (c) => c.notNull())
    .addColumn('pps', 'double precision', (c) => c.notNull())
    .addColumn('bps', 'double precision', (c) => c.notNull())
    .addColumn('rates', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attack_timeline_pkey', ['attack_id', 'second'])
    .execute();

  await db.schema
    .createTable('attack_sources')
    .addColumn('attack_id', 'text', (c) => c.notNull().references('attacks.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('packets', 'double precision', (c) => c.notNull())
    .addColumn('bytes', 'double precision', (c) => c.notNull())
    .addColumn('packet_share', 'double precision', (c) => c.notNull())
    .addColumn('byte_share', 'double precision', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('vectors', 'text', (c) => c.notNull())
    .addColumn('error_bound', 'double precision', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('asn', 'bigint')
    .addPrimaryKeyConstraint('attack_sources_pkey', ['attack_id', 'address'])
    .execute();
}

/** Drops the detection tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attack_sources').execute();
  await db.schema.dropTable('attack_timeline').execute();
  await db.schema.dropTable('attacks').execute();
}
