/**
 * Re-evaluation: every incident not closed, against the clock, in batches. Due instants move only
 * when facts change (and every change recomputes them), but whether they have passed changes with
 * time, and so does a correction order's deadline: this pass refreshes each incident's stored
 * summary (`next_due_at`, `next_due_ref`, `overdue`) where it differs and flags the correction
 * orders whose deadline has passed unanswered.
 *
 * Cost: one indexed range read per batch and state, the deadline engine per incident (pure, no
 * I/O), one `UPDATE … FROM (VALUES …)` per batch for the incidents whose summary changed, and one
 * small transaction per newly lapsed order. A summary write is guarded by the revision read, so a
 * concurrent change (which computes its own summary) is never overwritten with a stale one.
 */
import { sql, type Kysely } from 'kysely';
import type { IncidentState } from './incident.js';
import { auditedWrite, type IncidentAuditSink } from './incident-audit.js';
import { type DeadlineDeps, evaluateIncident } from './incident-deadlines.js';
import { parseFacts } from './incident-rows.js';
import { IncidentStore } from './incident-store.js';
import { flagOrder } from './non-compliance.js';
import type { IncidentTables } from './tables.js';

/** What one re-evaluation did. */
export interface ReevaluationResult {
  /** Incidents evaluated (drafts and open ones). */
  readonly incidents: number;
  /** Incidents whose stored summary changed. */
  readonly updated: number;
  /** Correction orders newly flagged as not complied with. */
  readonly nonCompliant: number;
  /** Incidents that could not be evaluated (facts that do not parse, an unknown zone) or flagged (the audit log refused); reported to `onError`, not fatal. */
  readonly failed: number;
}

/** What re-evaluation needs. */
export interface ReevaluationDeps extends DeadlineDeps {
  readonly db: Kysely<IncidentTables>;
  readonly audit: IncidentAuditSink;
  /** Incidents per batch (default 1000). */
  readonly batchSize?: number;
  /** Told about each incident that fails to evaluate; default: ignored. */
  readonly onError?: (incidentId: string, err: unknown) => void;
  readonly onAuditDrainError?: (err: unknown) => void;
}

interface Change {
  readonly id: string;
  readonly revision: number;
  readonly nextDueAt: number | null;
  readonly nextDueRef: string | null;
  readonly overdue: number;
}

// Rows per UPDATE statement: 5 parameters each, well under SQLite's 32 766 and PostgreSQL's 65 535.
const ROWS_PER_UPDATE = 500;

async function writeChanges(db: Kysely<IncidentTables>, changes: readonly Change[]): Promise<void> {
  for (let i = 0; i < changes.length; i += ROWS_PER_UPDATE) {
    const rows = changes
      .slice(i, i + ROWS_PER_UPDATE)
      .map((c) => sql`(cast(${c.id} as text), cast(${c.revision} as bigint), cast(${c.nextDueAt} as bigint), cast(${c.nextDueRef} as text), cast(${c.overdue} as integer))`);
    // UPDATE … FROM: PostgreSQL, and SQLite since 3.33. VALUES columns are column1… on both.
    await sql`update incidents set next_due_at = v.column3, next_due_ref = v.column4, overdue = v.column5
      from (values ${sql.join(rows)}) as v
      where incidents.id = v.column1 and incidents.revision = v.column2`.execute(db);
  }
}

/**
 * Re-evaluates every incident in `draft` or `open` state at `now`.
 *
 * @example
 * ```ts
 * const r = await reevaluateIncidents({ db, audit }, clock.now());
 * // { incidents: 10000, updated: 312, nonCompliant: 1, failed: 0 }
 * ```
 */
export async function reevaluateIncidents(deps: ReevaluationDeps, now: number): Promise<ReevaluationResult> {
  const batch = deps.batchSize ?? 1000;
  let incidents = 0;
  let updated = 0;
  let nonCompliant = 0;
  let failed = 0;
  for (const state of ['draft', 'open'] as const satisfies readonly IncidentState[]) {
    let after = '';
    for (;;) {
      const rows = await deps.db
        .selectFrom('incidents')
        .select(['id', 'organization_id', 'regime', 'facts', 'time_zone', 'order_due_at', 'next_due_at', 'next_due_ref', 'overdue', 'revision'])
        .where('state', '=', state)
        .where('id', '>', after)
        .orderBy('id')
        .limit(batch)
        .execute();
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      incidents += rows.length;
      const changes: Change[] = [];
      const orderChecks: string[] = [];
      for (const r of rows) {
        const orderDueAt = r.order_due_at === null ? null : Number(r.order_due_at);
        try {
          const s = evaluateIncident({ regime: r.regime, state, facts: parseFacts(r.facts), timeZone: r.time_zone, orderDueAt }, now, deps);
          const overdue = s.overdue ? 1 : 0;
          const stored = r.next_due_at === null ? null : Number(r.next_due_at);
          if (stored !== s.nextDueAt || r.next_due_ref !== s.nextDueRef || Number(r.overdue) !== overdue) {
            changes.push({ id: r.id, revision: Number(r.revision), nextDueAt: s.nextDueAt, nextDueRef: s.nextDueRef, overdue });
          }
        } catch (err) {
          failed += 1;
          deps.onError?.(r.id, err);
        }
        if (orderDueAt !== null && now > orderDueAt) orderChecks.push(r.id);
      }
      await writeChanges(deps.db, changes);
      updated += changes.length;
      if (orderChecks.length > 0) {
        const f = await flagLapsed(deps, orderChecks, rows, now);
        nonCompliant += f.count;
        failed += f.failed;
      }
    }
  }
  return { incidents, updated, nonCompliant, failed };
}

/** Flags the lapsed correction orders of these incidents, each in its own audited unit of work. */
async function flagLapsed(
  deps: ReevaluationDeps,
  ids: readonly string[],
  rows: readonly { id: string; organization_id: string; regime: string }[],
  now: number,
): Promise<{ count: number; failed: number }> {
  const orders = await new IncidentStore(deps.db).lapsedOrders(ids, now);
  const flagged = { count: 0, failed: 0 };
  for (const order of orders) {
    const row = rows.find((r) => r.id === order.incidentId);
    if (row === undefined) continue;
    const incident = { id: row.id, organizationId: row.organization_id, regime: row.regime };
    try {
      const done = await auditedWrite(
        deps.db,
        deps.audit,
        async (store, record) => {
          if (!(await flagOrder(store, incident, order, now, record))) return false;
          await store.markNonCompliant(incident.id);
          return true;
        },
        deps.onAuditDrainError ?? (() => undefined),
      );
      if (done) flagged.count += 1;
    } catch (err) {
      // Not flagged (the audit log refused, the database failed): the next pass tries again.
      flagged.failed += 1;
      deps.onError?.(incident.id, err);
    }
  }
  return flagged;
}
