/**
 * Registry: designated organisations and the networks they ask to have protected.
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates organizations and protected_networks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // `notNull()` beside `primaryKey()`: SQLite lets a non-INTEGER primary key hold NULL otherwise.
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('protected_networks')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    // RESTRICT: removing an organisation must say what happens to its networks (see OrganizationStore.remove).
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('family', 'integer', (c) => c.notNull())
    .addColumn('range_start', 'text', (c) => c.notNull())
    .addColumn('range_end', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('thresholds', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('protected_networks_organization').on('protected_networks').column('organization_id').execute();
  await db.schema.createIndex('protected_networks_range').on('protected_networks').columns(['range_start', 'range_end']).execute();
}

/** Drops organizations and protected_networks. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('protected_networks').execute();
  await db.schema.dropTable('organizations').execute();
}
