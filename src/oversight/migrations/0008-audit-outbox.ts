/**
 * The audit outbox: audit entries written in the same transaction as the change they record, and
 * moved into the Merkle log (`audit_entries`) by the audit log, which deletes each outbox row in
 * the transaction that appends its entry. A change and its audit entry therefore commit together
 * or not at all, and a crash between the two commits loses nothing: the log drains what is left
 * when it starts. Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates audit_outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_outbox')
    // Monotonic ULID: drained in the order the changes were recorded.
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // The entry without its sequence number, canonical JSON; personal values already keyed hashes.
    .addColumn('entry', 'text', (c) => c.notNull())
    .execute();
}

/** Drops audit_outbox. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_outbox').execute();
}
