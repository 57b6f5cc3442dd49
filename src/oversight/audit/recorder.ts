/**
 * How the parts of the platform record audit entries: an entry about a change is recorded in the
 * database transaction of that change (the audit outbox), so the change and its entry commit
 * together or not at all; an entry about something that changes nothing (a refusal, a read) is
 * appended on its own. `AuditLog` implements it; {@link auditedChange} is the usual way to use it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { AuditEventInput } from '../../core/audit-event.js';

/** Where a part's audit entries go. */
export interface AuditRecorder {
  /** Appends an entry on its own; resolves once it is durable. */
  append(event: AuditEventInput): Promise<unknown>;
  /** Records an entry in `trx`, the transaction of the change it describes; throws (rolling it back) for an invalid entry. */
  record(trx: Kysely<Database>, event: AuditEventInput): Promise<void>;
  /** Appends the recorded entries to the log; resolves once they are durable. */
  drain(): Promise<void>;
}

/**
 * Runs `fn` in one transaction of `db` together with the entries it records, then appends them to
 * the log. A failed append loses nothing — the entries stay in the outbox until the log appends
 * them, at the latest when it starts again, and the log reports its own failure — so it does not
 * fail a change that has committed.
 */
export async function auditedChange<T>(db: Kysely<Database>, audit: AuditRecorder, fn: (trx: Kysely<Database>, record: (event: AuditEventInput) => Promise<void>) => Promise<T>): Promise<T> {
  const out = await db.transaction().execute((trx) => fn(trx, (event) => audit.record(trx, event)));
  await audit.drain().catch(() => undefined);
  return out;
}
