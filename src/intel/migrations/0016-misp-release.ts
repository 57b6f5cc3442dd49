/**
 * Intel: what MISP imports keep beside the STIX object store, so the release policy can apply MISP's
 * distribution on every exchange and a MISP feed can be written back as MISP wrote it.
 *
 * - `stix_release_contexts`: the release context (producer, audience, MISP distribution, sharing
 *   group members, the event's distribution for distribution 5) of each STIX object an import made,
 *   as JSON, keyed by object id; `origin` is the MISP event uuid the object came from.
 * - `misp_events`: the MISP event each import stored (the parsed record with its sharing groups, as
 *   JSON), one row per event uuid, replaced only by a newer event timestamp.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates the MISP release tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stix_release_contexts')
    .addColumn('object_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stix_release_contexts_origin').on('stix_release_contexts').column('origin').execute();

  await db.schema
    .createTable('misp_events')
    .addColumn('uuid', 'text', (c) => c.primaryKey().notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Drops the MISP release tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('misp_events').execute();
  await db.schema.dropTable('stix_release_contexts').execute();
}
