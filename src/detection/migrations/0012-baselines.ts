/**
 * Detection: learned baselines, one row per protected network and hour of the week, so a restart
 * does not begin learning again (`detection/store/baseline-store.ts`).
 *
 * - `format`: layout of `host` and `prefix` (1: JSON arrays of the 21 series of
 *   `detection/traffic-class.ts`); a row of another format is refused when loaded.
 * - `percentile`, `utc_offset_minutes`: the settings the cell was learned with; a cell learned with
 *   other settings means something else and is refused when loaded.
 * - No foreign key to `protected_networks`: rows of networks the registry no longer has are
 *   ignored when loaded and removed by the next save.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates detection_baselines. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('detection_baselines')
    .addColumn('network_id', 'text', (c) => c.notNull())
    .addColumn('hour_of_week', 'integer', (c) => c.notNull())
    .addColumn('format', 'integer', (c) => c.notNull())
    .addColumn('percentile', 'double precision', (c) => c.notNull())
    .addColumn('utc_offset_minutes', 'integer', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('detection_baselines_pkey', ['network_id', 'hour_of_week'])
    .execute();
}

/** Drops it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('detection_baselines').execute();
}
