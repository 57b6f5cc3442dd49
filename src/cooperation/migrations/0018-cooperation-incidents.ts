/**
 * Cooperation: incidents and their reports under the reporting regimes.
 *
 * - `incidents`: one row per incident. The regime's facts are one JSON column (read whole by the
 *   deadline engine); the deadline summary (`next_due_at`, `next_due_ref`, `overdue`) is
 *   denormalised so the regulator's overdue list is one range scan of `(sector, next_due_at)`;
 *   `(organization_id, id)` and `(sector, id)` serve the keyset-paged lists, `(state, id)` the
 *   re-evaluation's walk over the incidents not closed. An organisation with incidents cannot be
 *   removed.
 * - `incident_report_versions`: every submitted version of a stage's report, keyed
 *   `(incident_id, stage, version)` so two writers cannot both write one version.
 * - `incident_report_drafts`: the unsubmitted draft of a stage, one per `(incident_id, stage)`.
 * - `incident_requests`: the regulator's information requests and correction orders.
 * - `incident_events`: the timeline, one row per state change, in id order per incident.
 * - `incident_links`: citations of attacks, sightings, cases and intel objects; `(kind, ref)`
 *   finds the incidents that cite one.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates the incident tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('regime', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('order_due_at', 'bigint')
    .addColumn('next_due_at', 'bigint')
    .addColumn('next_due_ref', 'text')
    .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('non_compliant', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('incidents_sector_due').on('incidents').columns(['sector', 'next_due_at']).execute();
  await db.schema.createIndex('incidents_organization').on('incidents').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('incidents_sector').on('incidents').columns(['sector', 'id']).execute();
  await db.schema.createIndex('incidents_state').on('incidents').columns(['state', 'id']).execute();

  await db.schema
    .createTable('incident_report_versions')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('due_basis', 'text')
    .addColumn('late_by_seconds', 'bigint')
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addPrimaryKeyConstraint('incident_report_versions_pk', ['incident_id', 'stage', 'version'])
    .execute();

  await db.schema
    .createTable('incident_report_drafts')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_report_drafts_pk', ['incident_id', 'stage'])
    .execute();

  await db.schema
    .createTable('incident_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('fulfilled_at', 'bigint')
    .addColumn('fulfilled_version', 'integer')
    .addColumn('non_compliant_at', 'bigint')
    .execute();
  await db.schema.createIndex('incident_requests_incident').on('incident_requests').columns(['incident_id', 'id']).execute();

  await db.schema
    .createTable('incident_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_events_incident').on('incident_events').columns(['incident_id', 'id']).execute();

  await db.schema
    .createTable('incident_links')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_links_pk', ['incident_id', 'kind', 'ref'])
    .execute();
  await db.schema.createIndex('incident_links_target').on('incident_links').columns(['kind', 'ref']).execute();
}

/** Drops the incident tables, dependents first. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_links').execute();
  await db.schema.dropTable('incident_events').execute();
  await db.schema.dropTable('incident_requests').execute();
  await db.schema.dropTable('incident_report_drafts').execute();
  await db.schema.dropTable('incident_report_versions').execute();
  await db.schema.dropTable('incidents').execute();
}
