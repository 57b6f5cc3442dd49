/**
 * Intel: the STIX 2.1 object store — object versions, the references between objects, TAXII-style
 * collections and their membership.
 *
 * - `stix_objects`: one row per object version, keyed by (id, version). `version` is the object's
 *   `modified` (or, for objects with only `created`, such as marking definitions, its `created`),
 *   normalised to nine fractional digits so versions sort as text; objects with neither (SCOs)
 *   are keyed by `sha256:<hex>` of their canonical JSON, so each distinct content is one version.
 *   `seq` is the global order in which versions were added, `date_added` (epoch ms) when.
 * - `stix_refs`: every `*_ref` / `*_refs` value of a version (at any depth), indexed by source and by target, so relationships are
 *   queryable from either end.
 * - `stix_collections` / `stix_collection_objects`: collections and the versions added to them,
 *   with a per-collection `seq` that orders objects sharing one `date_added`.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates the STIX object store's tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stix_objects')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('spec_version', 'text', (c) => c.notNull())
    .addColumn('created', 'text')
    .addColumn('modified', 'text')
    .addColumn('revoked', 'integer', (c) => c.notNull())
    .addColumn('is_last', 'integer', (c) => c.notNull())
    .addColumn('marking_refs', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('date_added', 'bigint', (c) => c.notNull())
    // Unique by construction (assigned under the store's write lock); an index of its own would
    // only slow every insert, and (date_added, seq) already orders lists.
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stix_objects_pk', ['id', 'version'])
    .execute();
  await db.schema.createIndex('stix_objects_added').on('stix_objects').columns(['date_added', 'seq']).execute();
  await db.schema.createIndex('stix_objects_type').on('stix_objects').columns(['type', 'is_last']).execute();

  await db.schema
    .createTable('stix_refs')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('source_version', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .execute();
  // No key: (source_id, source_version) is unique per stored version already, and a narrow index
  // per direction keeps the insert cost per reference low.
  await db.schema.createIndex('stix_refs_source').on('stix_refs').column('source_id').execute();
  await db.schema.createIndex('stix_refs_target').on('stix_refs').column('target_id').execute();

  await db.schema
    .createTable('stix_collections')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('alias', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stix_collection_objects')
    .addColumn('collection_id', 'text', (c) => c.notNull().references('stix_collections.id'))
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('date_added', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stix_collection_objects_pk', ['collection_id', 'object_id', 'version'])
    .addUniqueConstraint('stix_collection_objects_seq', ['collection_id', 'seq'])
    .execute();
  await db.schema.createIndex('stix_collection_objects_added').on('stix_collection_objects').columns(['collection_id', 'date_added', 'seq']).execute();
}

/** Drops the STIX object store's tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stix_collection_objects').execute();
  await db.schema.dropTable('stix_collections').execute();
  await db.schema.dropTable('stix_refs').execute();
  await db.schema.dropTable('stix_objects').execute();
}
