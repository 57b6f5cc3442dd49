/**
 * Deadline alerts: after each re-evaluation, every incident whose next deadline (a report's or a
 * correction order's) is less than `dueSoonMs` away is announced as `due-soon`, and once it passed as
 * `overdue` — each at most once per (incident, deadline, kind), recorded in `incident_alerts` in the
 * transaction that publishes it. A crash between the publication and the commit can repeat an
 * alert at the next pass; nothing announced is ever silently dropped.
 */
import type { Kysely } from 'kysely';
import { inTransaction } from '../../storage/transaction.js';
import type { IncidentDeadlineEvent } from './subjects.js';
import type { IncidentTables } from './tables.js';

/** The table of alerts sent (migration 0019). */
export interface IncidentAlertsTable {
  incident_id: string;
  stage: string;
  due_at: number;
  kind: 'due-soon' | 'overdue';
  sent_at: number;
}

/** Tables the alert pass reads and writes. */
export type AlertTables = IncidentTables & { incident_alerts: IncidentAlertsTable };

/** Dependencies of {@link sendDeadlineAlerts}. */
export interface DeadlineAlertDeps {
  readonly db: Kysely<AlertTables>;
  readonly publish: (event: IncidentDeadlineEvent) => Promise<void>;
  /** How long before a deadline it is announced as due soon. */
  readonly dueSoonMs: number;
}

/** Announces the deadlines due soon or overdue at `now` that were not announced yet; answers how many. */
export async function sendDeadlineAlerts(deps: DeadlineAlertDeps, now: number): Promise<number> {
  const rows = await deps.db
    .selectFrom('incidents')
    .select(['id', 'organization_id', 'sector', 'regime', 'next_due_at', 'next_due_ref'])
    .where('state', '!=', 'closed')
    .where('next_due_at', 'is not', null)
    .where('next_due_at', '<=', now + deps.dueSoonMs)
    .execute();
  let sent = 0;
  for (const r of rows) {
    const dueAt = Number(r.next_due_at);
    const kind = now > dueAt ? 'overdue' : 'due-soon';
    const ref = r.next_due_ref ?? 'deadline';
    const published = await inTransaction(deps.db, async (trx) => {
      const inserted = await trx
        .insertInto('incident_alerts')
        .values({ incident_id: r.id, stage: ref, due_at: dueAt, kind, sent_at: now })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await deps.publish({
        kind,
        incidentId: r.id,
        organizationId: r.organization_id,
        sector: r.sector,
        regime: r.regime,
        ref,
        dueAt,
        overdueBySeconds: kind === 'overdue' ? Math.ceil((now - dueAt) / 1000) : 0,
      });
      return true;
    });
    if (published) sent++;
  }
  return sent;
}
