/**
 * Intel: the TAXII 2.1 server's own state beside the STIX object store.
 *
 * - `taxii_statuses`: status resources (TAXII 2.1 §4.3) of the POSTs to a collection, kept whole as
 *   JSON text, per API root.
 * - `taxii_collection_grants`: who may read or write a collection — an organisation or a role. A
 *   collection with no grant is open to nobody but the administrator roles the server is given.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates the TAXII tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('taxii_statuses')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('api_root', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('taxii_statuses_pk', ['api_root', 'id'])
    .execute();
  await db.schema.createIndex('taxii_statuses_created').on('taxii_statuses').column('created_at').execute();

  await db.schema
    .createTable('taxii_collection_grants')
    .addColumn('collection_id', 'text', (c) => c.notNull().references('stix_collections.id'))
    .addColumn('grantee_kind', 'text', (c) => c.notNull())
    .addColumn('grantee', 'text', (c) => c.notNull())
    .addColumn('can_read', 'integer', (c) => c.notNull())
    .addColumn('can_write', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('taxii_collection_grants_pk', ['collection_id', 'grantee_kind', 'grantee'])
    .execute();
}

/** Drops the TAXII tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('taxii_collection_grants').execute();
  await db.schema.dropTable('taxii_statuses').execute();
}
