/**
 * Row types of the account tables (`users`, `sessions`, `api_tokens`, migration 0007;
 * `role_grants`, `auth_counters` and `api_tokens.created_by`, migration 0009). Stores reach
 * them with `db.withTables<AccountsTables>()` so the shared `Database` type stays as it is (type
 * aliases, not interfaces: `withTables` needs their implicit index signature).
 */

/** A local user. Roles are JSON text (`["nco_analyst"]`). */
export type UsersTable = {
  id: string;
  /** Lower-case, unique. */
  username: string;
  display_name: string | null;
  /** `$scrypt$ln=…,r=…,p=…$<salt>$<hash>` (see `password.ts`). */
  password_hash: string;
  roles: string;
  organization_id: string | null;
  sector: string | null;
  /** 0/1. */
  disabled: number;
  created_at: number;
  updated_at: number;
  password_changed_at: number;
};

/** A browser session; `id` is the hex SHA-256 of the cookie's token, never the token. */
export type SessionsTable = {
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute end of the session. */
  expires_at: number;
};

/** An API token for machines; only the SHA-256 of its secret is kept. */
export type ApiTokensTable = {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  /** JSON text: the roles the token may act in (a subset of its user's). */
  roles: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  /** The user who minted it; always `user_id` (null only on tokens revoked by migration 0009). */
  created_by: string | null;
};

/** State of a {@link RoleGrantsTable} row. */
export type RoleGrantState = 'pending' | 'confirmed' | 'declined' | 'withdrawn';

/** A grant of a role that needs confirmation by a sitting commission member (`commission_member`). */
export type RoleGrantsTable = {
  id: string;
  user_id: string;
  role: string;
  /** User id of the admin who granted it. */
  granted_by: string;
  state: RoleGrantState;
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
};

/** A fixed-window counter of authentication attempts; `key` is a SHA-256 (no name or address in the clear). */
export type AuthCountersTable = {
  key: string;
  window_start: number;
  count: number;
};

/** The account tables, to extend a Kysely instance with. */
export type AccountsTables = {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  role_grants: RoleGrantsTable;
  auth_counters: AuthCountersTable;
};
