/**
 * Intel: indicators (known C2 addresses and prefixes, with port and protocol) and the sightings of
 * them in flow telemetry, one row per (indicator, host).
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates indicators and sightings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('indicators')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('family', 'integer', (c) => c.notNull())
    .addColumn('port', 'integer')
    .addColumn('protocol', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Reloading a file or feed replaces its indicators by source.
  await db.schema.createIndex('indicators_source').on('indicators').column('source').execute();

  // No foreign keys: a sighting is evidence and outlives the indicator list and network registry
  // it was made under, so it copies what it needs from both.
  await db.schema
    .createTable('sightings')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('indicator_key', 'text', (c) => c.notNull())
    .addColumn('indicator_value', 'text', (c) => c.notNull())
    .addColumn('indicator_label', 'text')
    .addColumn('indicator_kind', 'text', (c) => c.notNull())
    .addColumn('indicator_source', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('family', 'integer', (c) => c.notNull())
    .addColumn('network_id', 'text')
    .addColumn('organization_id', 'text')
    .addColumn('network_prefix', 'text')
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('records', 'bigint', (c) => c.notNull())
    .addColumn('outbound_records', 'bigint', (c) => c.notNull())
    .addColumn('inbound_records', 'bigint', (c) => c.notNull())
    .addColumn('packets', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('ports', 'text', (c) => c.notNull())
    .addColumn('protocols', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sightings_indicator_host', ['indicator_key', 'host'])
    .execute();
  await db.schema.createIndex('sightings_last_seen').on('sightings').column('last_seen').execute();
  await db.schema.createIndex('sightings_host').on('sightings').column('host').execute();
}

/** Drops sightings and indicators. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sightings').execute();
  await db.schema.dropTable('indicators').execute();
}
