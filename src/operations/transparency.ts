/**
 * The figures of the transparency report that come from countermeasure requests: requests,
 * approvals, rejections and cancellations by mechanism on the prior-approval path, and emergency
 * actions with whether each was reviewed on time. Operations contributes them through its
 * descriptor, so the report (oversight) never reads these tables itself.
 */
import { counted } from '../core/counted.js';
import type { TransparencySource } from '../core/part.js';
import type { CountermeasureFigures, EmergencyFigures } from '../core/transparency-figures.js';
import type { Db } from '../storage/database.js';
import { MECHANISMS } from './catalogue/mechanism.js';

type Period = { readonly from: number; readonly to: number };

async function countermeasures(db: Db, p: Period): Promise<CountermeasureFigures> {
  const base = () => db.selectFrom('countermeasure_requests').where('path', '=', 'prior');
  const byMechanism = async (build: (q: ReturnType<typeof base>) => ReturnType<typeof base>) =>
    counted(
      await build(base())
        .select(['mechanism as key', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('mechanism')
        .execute(),
      MECHANISMS,
    );
  const decided = (q: ReturnType<typeof base>) => q.where('decided_at', '>=', p.from).where('decided_at', '<', p.to);
  return {
    requests: await byMechanism((q) => q.where('created_at', '>=', p.from).where('created_at', '<', p.to)),
    approvals: await byMechanism((q) => decided(q).where('state', 'not in', ['rejected', 'cancelled', 'pending_approval'])),
    rejections: await byMechanism((q) => decided(q).where('state', '=', 'rejected')),
    cancelled: await byMechanism((q) => q.where('state', '=', 'cancelled').where('updated_at', '>=', p.from).where('updated_at', '<', p.to)),
  };
}

async function emergency(db: Db, p: Period, now: number): Promise<EmergencyFigures> {
  const rows = await db
    .selectFrom('countermeasure_requests')
    .select(['mechanism', 'review_state', 'review_due_at', 'reviewed_at'])
    .where('path', '=', 'emergency')
    .where('created_at', '>=', p.from)
    .where('created_at', '<', p.to)
    .execute();
  let reviewedOnTime = 0;
  let reviewedLate = 0;
  let overdueUnreviewed = 0;
  let pendingNotDue = 0;
  let upheld = 0;
  let withdrawalOrdered = 0;
  // "Overdue" is judged at the end of the period, or now for a period still running.
  const judgedAt = Math.min(now, p.to);
  for (const r of rows) {
    const due = r.review_due_at === null ? null : Number(r.review_due_at);
    if (r.review_state === 'upheld' || r.review_state === 'withdrawal_ordered') {
      if (due !== null && r.reviewed_at !== null && Number(r.reviewed_at) > due) reviewedLate++;
      else reviewedOnTime++;
      if (r.review_state === 'upheld') upheld++;
      else withdrawalOrdered++;
    } else if (due !== null && due <= judgedAt) {
      overdueUnreviewed++;
    } else {
      pendingNotDue++;
    }
  }
  const actions = counted(
    rows.map((r) => ({ key: r.mechanism, n: 1 })),
    MECHANISMS,
  );
  return { actions, reviewedOnTime, reviewedLate, overdueUnreviewed, pendingNotDue, upheld, withdrawalOrdered };
}

/** The sections operations contributes to the transparency report. */
export const OPERATIONS_TRANSPARENCY = {
  countermeasures: { tables: ['countermeasure_requests'], compute: (db, p) => countermeasures(db, p) } satisfies TransparencySource<CountermeasureFigures, Db>,
  emergency: { tables: ['countermeasure_requests'], compute: (db, p, now) => emergency(db, p, now) } satisfies TransparencySource<EmergencyFigures, Db>,
} as const;
