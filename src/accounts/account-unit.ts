/**
 * One unit of work of the account service: its stores over one database transaction, and the audit
 * entries recorded in that same transaction (the audit outbox). A change to an account, a session,
 * a token or a role grant and its audit entry commit together or not at all.
 */
import type { Kysely } from 'kysely';
import type { AuditEventInput } from '../core/audit-event.js';
import type { Database } from '../storage/database.js';
import { AccountStore } from './account-store.js';
import { RoleGrantStore } from './role-grant-store.js';

/** Where the account service's audit entries go; `AuditLog` implements it. */
export interface AccountAudit {
  /** Appends an entry on its own: refusals and failed sign-ins, which change no account. */
  append(event: AuditEventInput): Promise<unknown>;
  /** Records an entry in the transaction of the change it describes. */
  record(trx: Kysely<Database>, event: AuditEventInput): Promise<void>;
  /** Appends recorded entries to the log. */
  drain(): Promise<void>;
}

/** The stores of one transaction, and how to record an audit entry in it. */
export interface AccountUnit {
  readonly store: AccountStore;
  readonly grants: RoleGrantStore;
  record(event: AuditEventInput): Promise<void>;
}

/** Runs `fn` as one unit of work over `db`, then appends the entries it recorded to the log. */
export async function inAccountUnit<T>(db: Kysely<Database>, audit: AccountAudit, fn: (u: AccountUnit) => Promise<T>): Promise<T> {
  const out = await db.transaction().execute((trx) => fn({ store: new AccountStore(trx), grants: new RoleGrantStore(trx), record: (e) => audit.record(trx, e) }));
  // A failed drain loses nothing: the log reports its own failure, and the entries stay in the
  // outbox until it appends them (at the latest when it starts again).
  await audit.drain().catch(() => undefined);
  return out;
}
