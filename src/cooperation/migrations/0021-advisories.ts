/**
 * Cooperation: advisories to operators and their answers.
 *
 * - `advisories`: one row per advisory (draft, published, withdrawn), CVEs as a JSON array.
 * - `advisory_recipients`: the organisations an advisory went to at publication, with their
 *   acknowledgement; `(organization_id, advisory_id)` serves an operator's inbox.
 * - `advisory_assets`: the assets it concerned at publication (a snapshot: later findings do not
 *   change what was asked), with the operator's answer per asset.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates the advisory tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('advisories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('cves', 'text', (c) => c.notNull())
    .addColumn('acknowledge_within_days', 'integer', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('published_by', 'text')
    .addColumn('due_at', 'bigint')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('advisories_created').on('advisories').columns(['created_at', 'id']).execute();
  await db.schema
    .createTable('advisory_recipients')
    .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addColumn('notified_at', 'bigint')
    .addPrimaryKeyConstraint('advisory_recipients_pk', ['advisory_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('advisory_recipients_organization').on('advisory_recipients').columns(['organization_id', 'advisory_id']).execute();
  await db.schema
    .createTable('advisory_assets')
    .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('operator_assets.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('cves', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('note', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'bigint')
    .addPrimaryKeyConstraint('advisory_assets_pk', ['advisory_id', 'asset_id'])
    .execute();
  await db.schema.createIndex('advisory_assets_organization').on('advisory_assets').columns(['advisory_id', 'organization_id']).execute();
}

/** Drops the advisory tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('advisory_assets').execute();
  await db.schema.dropTable('advisory_recipients').execute();
  await db.schema.dropTable('advisories').execute();
}
