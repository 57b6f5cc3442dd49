/**
 * Cooperation: vulnerability records as each source gave them, the sources' import state, and the
 * exposure findings of operators' assets.
 *
 * - `vuln_facts`: what one source says of one CVE (JSON of `vulns/record.ts`'s facts types), one row
 *   per (CVE, source, key) — key is `''` except for JVN, where one CVE can be in several JVNDB
 *   entries. The merged record is computed from these rows, so a new KEV catalogue or EPSS file
 *   replaces only its own facts. `at` is the source's own last-modified time.
 * - `vuln_sources`: per source, its import state (NVD's last `lastModStartDate`, the KEV catalogue
 *   version, the EPSS model and date, HTTP validators for conditional requests) as JSON.
 * - `vuln_import_runs`: one row per import (file or poll), with what it did and what it skipped.
 * - `exposure_findings`: one row per (asset, CVE) the matcher found, with certainty, priority and
 *   the reasons as JSON; `(organization_id, priority)` serves an organisation's list.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates the vulnerability and exposure tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vuln_facts')
    .addColumn('cve_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text')
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('vuln_facts_pk', ['cve_id', 'source', 'key'])
    .execute();
  await db.schema.createIndex('vuln_facts_imported').on('vuln_facts').columns(['imported_at', 'cve_id']).execute();
  await db.schema
    .createTable('vuln_sources')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('vuln_import_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('read', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vuln_import_runs_started').on('vuln_import_runs').columns(['started_at', 'id']).execute();
  await db.schema
    .createTable('exposure_findings')
    .addColumn('asset_id', 'text', (c) => c.notNull().references('operator_assets.id'))
    .addColumn('cve_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('certainty', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('kev', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('exposure_findings_pk', ['asset_id', 'cve_id'])
    .execute();
  await db.schema.createIndex('exposure_findings_cve').on('exposure_findings').columns(['cve_id', 'asset_id']).execute();
  await db.schema.createIndex('exposure_findings_organization').on('exposure_findings').columns(['organization_id', 'priority']).execute();
}

/** Drops the exposure and vulnerability tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exposure_findings').execute();
  await db.schema.dropTable('vuln_import_runs').execute();
  await db.schema.dropTable('vuln_sources').execute();
  await db.schema.dropTable('vuln_facts').execute();
}
