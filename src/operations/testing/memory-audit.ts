/**
 * An audit sink for tests that validates every event exactly as the audit log does (so an address
 * in `details` fails the test) and keeps them for assertions. Events recorded in a transaction go
 * through the real `audit_outbox` table, so an event whose change rolls back is never seen.
 */
import type { Kysely } from 'kysely';
import { validateEvent, type AuditAction, type AuditEventInput } from '../../core/audit-event.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import type { AuditSink } from '../audit.js';

/** Audit events in memory. */
export class MemoryAuditSink implements AuditSink {
  readonly events: AuditEventInput[] = [];
  #db: Kysely<Database> | undefined;
  #chain: Promise<void> = Promise.resolve();

  /** `db`: the database whose outbox `drain` reads (events recorded in its transactions). */
  constructor(db?: Kysely<Database>) {
    this.#db = db;
  }

  /** Sets the database whose outbox `drain` reads. */
  attach(db: Kysely<Database>): void {
    this.#db = db;
  }

  async append(event: AuditEventInput): Promise<void> {
    validateEvent(event);
    this.events.push(event);
  }

  async record(trx: Kysely<Database>, event: AuditEventInput): Promise<void> {
    validateEvent(event);
    await trx
      .insertInto('audit_outbox')
      .values({ id: newId(Date.now()), created_at: Date.now(), entry: JSON.stringify(event) })
      .execute();
  }

  /** Serialised like the real log's drain: two drains at once must not both read the same rows. */
  drain(): Promise<void> {
    const next = this.#chain.then(() => this.#drainNow());
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #drainNow(): Promise<void> {
    if (this.#db === undefined) return;
    const rows = await this.#db.selectFrom('audit_outbox').selectAll().orderBy('id').execute();
    for (const r of rows) this.events.push(JSON.parse(r.entry) as AuditEventInput);
    if (rows.length > 0)
      await this.#db
        .deleteFrom('audit_outbox')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
  }

  /** Events of one action. */
  of(action: AuditAction): AuditEventInput[] {
    return this.events.filter((e) => e.action === action);
  }

  /** `action/outcome` of every event, in order: a compact view for assertions. */
  trail(): string[] {
    return this.events.map((e) => `${e.action}/${e.outcome ?? 'success'}`);
  }
}
