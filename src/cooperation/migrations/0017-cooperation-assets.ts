/**
 * Cooperation: the operators' assets ("specified important computers") and their history.
 *
 * - `operator_assets`: one row per asset of an organisation. `identity` (SHA-256 hex of the
 *   product-and-site key) is unique per organisation so re-imports find assets again; the index on
 *   `(organization_id, id)` serves the keyset-paged list. Removing a protected network leaves its
 *   assets without one (`network_id` set null); an organisation with assets cannot be removed.
 * - `operator_asset_history`: one row per revision of an asset, written in the transaction of the
 *   change; `(asset_id, revision)` is the key, so two writers cannot both write one revision.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates the asset and history tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operator_assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('cpe', 'text')
    .addColumn('purl', 'text')
    .addColumn('vendor', 'text')
    .addColumn('product', 'text')
    .addColumn('version', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('site', 'text')
    .addColumn('network_id', 'text', (c) => c.references('protected_networks.id').onDelete('set null'))
    .addColumn('addresses', 'text', (c) => c.notNull())
    .addColumn('introduced_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'bigint')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('operator_assets_identity').on('operator_assets').columns(['organization_id', 'identity']).unique().execute();
  await db.schema.createIndex('operator_assets_organization').on('operator_assets').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('operator_assets_network').on('operator_assets').column('network_id').execute();
  await db.schema
    .createTable('operator_asset_history')
    .addColumn('asset_id', 'text', (c) => c.notNull().references('operator_assets.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('operator_asset_history_pk', ['asset_id', 'revision'])
    .execute();
}

/** Drops the history, then the assets. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('operator_asset_history').execute();
  await db.schema.dropTable('operator_assets').execute();
}
