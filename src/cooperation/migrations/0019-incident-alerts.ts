/**
 * Cooperation: the deadline alerts already sent — one row per (incident, stage, due instant, kind),
 * so a deadline is announced at most once as due soon and once as overdue, across restarts and
 * processes. A new due instant (an amendment, a request) is a new deadline.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates `incident_alerts`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_alerts')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_alerts_pk', ['incident_id', 'stage', 'due_at', 'kind'])
    .execute();
}

/** Drops `incident_alerts`. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_alerts').execute();
}
