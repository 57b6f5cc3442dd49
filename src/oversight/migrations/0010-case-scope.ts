/**
 * Case scopes bounded in width (issue 10): a declared entry wider than the configured limit waits
 * for a commission member's approval before the access guard counts it.
 *
 * - `case_access_scopes.approval`: `not_needed` (within the limits when added), `pending`,
 *   `approved` or `rejected`. Entries declared before this migration are `not_needed`; the guard
 *   still checks them against the limits in force at every read, so an old `0.0.0.0/0` counts for
 *   nothing until the commission approves it.
 * - `decided_by` / `decided_at`: the commission member who approved or rejected it, and when.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Adds the approval columns to case_access_scopes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('case_access_scopes')
    .addColumn('approval', 'text', (c) => c.notNull().defaultTo('not_needed'))
    .execute();
  await db.schema.alterTable('case_access_scopes').addColumn('decided_by', 'text').execute();
  await db.schema.alterTable('case_access_scopes').addColumn('decided_at', 'bigint').execute();
}

/** Drops them again. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_access_scopes').dropColumn('decided_at').execute();
  await db.schema.alterTable('case_access_scopes').dropColumn('decided_by').execute();
  await db.schema.alterTable('case_access_scopes').dropColumn('approval').execute();
}
