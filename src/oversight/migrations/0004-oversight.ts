/**
 * Oversight and privacy safeguards: the audit log (entries with their Merkle nodes, checkpoints), case
 * access scopes and the record of purpose-bound reads, excessive-monitoring flags, the
 * commission's inspections and directives, automatic-selection counters and retention receipts.
 * Frozen once released: change the schema in a later migration, never here.
 *
 * Hashes are stored as lower-case hex `text` and entry bytes as `text` (they are the UTF-8 of
 * RFC 8785 JSON, which never holds a raw NUL): no engine-specific binary type, one schema for
 * SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';

async function auditTables(db: Kysely<unknown>): Promise<void> {
  // `nodes`: the perfect-subtree hashes this entry completes (see SqlAuditStore), so one row is
  // written per entry instead of one per tree node.
  await db.schema
    .createTable('audit_entries')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('nodes', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('size', 'bigint', (c) => c.primaryKey().notNull())
    .addColumn('root', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function accessTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_access_scopes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint')
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_access_scopes_case').on('case_access_scopes').column('case_id').execute();

  await db.schema
    .createTable('data_access')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('purpose', 'text')
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('from_ms', 'bigint')
    .addColumn('to_ms', 'bigint')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  // The per-user rolling baseline sums a user's rows over a window.
  await db.schema.createIndex('data_access_user').on('data_access').columns(['user_id', 'at']).execute();

  await db.schema
    .createTable('data_access_lookups')
    .addColumn('access_id', 'text', (c) => c.notNull().references('data_access.id').onDelete('cascade'))
    .addColumn('mac', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('data_access_lookups_pkey', ['access_id', 'mac'])
    .execute();
  // "In how many cases was this person looked up lately?"
  await db.schema.createIndex('data_access_lookups_mac').on('data_access_lookups').columns(['mac', 'at']).execute();
}

async function flagTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitoring_flags')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('access_id', 'text')
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('monitoring_flags_state').on('monitoring_flags').columns(['state', 'raised_at']).execute();
  await db.schema.createIndex('monitoring_flags_dedupe').on('monitoring_flags').columns(['dedupe_key', 'state']).execute();
  await db.schema
    .createTable('monitoring_flag_notes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('flag_id', 'text', (c) => c.notNull().references('monitoring_flags.id').onDelete('cascade'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('monitoring_flag_notes_flag').on('monitoring_flag_notes').columns(['flag_id', 'id']).execute();
}

async function commissionTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oversight_inspections')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('findings', 'text')
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('oversight_directives')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('inspection_id', 'text', (c) => c.references('oversight_inspections.id').onDelete('restrict'))
    .addColumn('addressee', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('oversight_directives_state').on('oversight_directives').columns(['state', 'due_at']).execute();
  await db.schema
    .createTable('oversight_directive_events')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('directive_id', 'text', (c) => c.notNull().references('oversight_directives.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oversight_directive_events_directive').on('oversight_directive_events').columns(['directive_id', 'id']).execute();
}

async function evidenceTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('selection_counters')
    .addColumn('exporter', 'text', (c) => c.notNull())
    .addColumn('period_start', 'bigint', (c) => c.notNull())
    .addColumn('period_end', 'bigint', (c) => c.notNull())
    .addColumn('kept', 'bigint', (c) => c.notNull())
    .addColumn('erased', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('selection_counters_pkey', ['exporter', 'period_start'])
    .execute();
  await db.schema.createIndex('selection_counters_period').on('selection_counters').column('period_start').execute();
  await db.schema
    .createTable('retention_receipts')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('data_class', 'text', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('cutoff', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('ids_sha256', 'text', (c) => c.notNull())
    .addColumn('oldest', 'bigint')
    .addColumn('newest', 'bigint')
    .addColumn('audit_seq', 'bigint')
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('retention_receipts_run').on('retention_receipts').column('run_at').execute();
}

/** Creates the audit, access, flag, commission, selection and retention tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await auditTables(db);
  await accessTables(db);
  await flagTables(db);
  await commissionTables(db);
  await evidenceTables(db);
}

/** Drops them, in reverse dependency order. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'retention_receipts',
    'selection_counters',
    'oversight_directive_events',
    'oversight_directives',
    'oversight_inspections',
    'monitoring_flag_notes',
    'monitoring_flags',
    'data_access_lookups',
    'data_access',
    'case_access_scopes',
    'audit_checkpoints',
    'audit_entries',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
