/**
 * Accounts hardening (issue 10): who created each API token, pending grants of the
 * `commission_member` role, and sign-in counters that survive a restart.
 *
 * - `api_tokens.created_by`: the user who minted the token. A token belongs to the user who
 *   creates it; tokens minted before this migration may have been made by an admin for someone
 *   else and cannot be proven to be their user's own, so every token still active is revoked
 *   here (its user mints a new one). Revoked at the time the migration runs.
 * - `role_grants`: a grant of `commission_member` made through the API waits for a different
 *   sitting commission member to confirm it; until then the user does not hold the role.
 * - `auth_counters`: fixed-window counters of sign-in and password-change attempts, keyed by the
 *   SHA-256 of what they count (account and source address), never the name or address itself.
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import { sql, type Kysely } from 'kysely';

/** Adds api_tokens.created_by (revoking older tokens), role_grants and auth_counters. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('created_by', 'text').execute();
  await sql`update api_tokens set revoked_at = ${Date.now()} where revoked_at is null`.execute(db);

  await db.schema
    .createTable('role_grants')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    // The admin who granted it (a user id).
    .addColumn('granted_by', 'text', (c) => c.notNull())
    // pending | confirmed | declined | withdrawn
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema.createIndex('role_grants_user').on('role_grants').columns(['user_id', 'state']).execute();
  await db.schema.createIndex('role_grants_state').on('role_grants').column('state').execute();

  await db.schema
    .createTable('auth_counters')
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_counters_window').on('auth_counters').column('window_start').execute();
}

/** Drops auth_counters and role_grants and the created_by column (revoked tokens stay revoked). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('auth_counters').execute();
  await db.schema.dropTable('role_grants').execute();
  await db.schema.alterTable('api_tokens').dropColumn('created_by').execute();
}
