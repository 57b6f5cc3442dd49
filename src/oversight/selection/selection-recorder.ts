/**
 * Evidence of automatic selection: at every period boundary the counts of kept and erased records
 * per exporter go to the `selection_counters` table (for the transparency report) and, one entry
 * per exporter, to the audit log as `selection.counters`. A failed write is logged and its counts
 * are carried into the next period, so no erased record goes unaccounted.
 */
import type { Kysely } from 'kysely';
import type { BaseDeps, Component } from '../../core/component.js';
import type { Database } from '../../storage/database.js';
import type { AuditEventInput } from '../../core/audit-event.js';
import type { SelectionCount, SelectionFilter } from './selection-filter.js';

/** Settings of the recorder. */
export interface SelectionRecorderConfig {
  readonly periodSeconds: number;
  readonly country: string;
}

/** Dependencies of the recorder. */
export interface SelectionRecorderDeps extends BaseDeps {
  readonly filter: SelectionFilter;
  readonly db: Kysely<Database>;
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
}

/** The recorder component. */
export interface SelectionRecorder extends Component {
  /** Records the counts gathered since the last write, now (also done on stop). */
  recordNow(): Promise<void>;
  start(): Promise<void>;
  /** Stops the timer and records what was gathered since the last write. */
  stop(): Promise<void>;
}

/**
 * The subject id of an exporter in audit entries: its canonical address, with a leading `0` when
 * the address starts with `::` (same address, and ids must start with a letter or digit).
 */
export function exporterSubject(address: string): string {
  return address.startsWith(':') ? `0${address}` : address;
}

/** Creates the recorder; `start()` aligns its timer to period boundaries. */
export function createSelectionRecorder(config: SelectionRecorderConfig, deps: SelectionRecorderDeps): SelectionRecorder {
  const periodMs = config.periodSeconds * 1000;
  let periodStart = Math.floor(deps.clock.now() / periodMs) * periodMs;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const upsert = async (c: SelectionCount, from: number, to: number): Promise<void> => {
    await deps.db
      .insertInto('selection_counters')
      .values({ exporter: c.address, period_start: from, period_end: to, kept: c.kept, erased: c.erased })
      .onConflict((oc) =>
        oc.columns(['exporter', 'period_start']).doUpdateSet((eb) => ({
          kept: eb('selection_counters.kept', '+', eb.ref('excluded.kept')),
          erased: eb('selection_counters.erased', '+', eb.ref('excluded.erased')),
          period_end: eb.ref('excluded.period_end'),
        })),
      )
      .execute();
  };

  /**
   * The audit entry comes first: it is the evidence. When it fails, this and the remaining counts
   * are carried over; when only the table write fails, the count is in the log and is not written
   * twice.
   */
  const recordOnce = async (): Promise<void> => {
    const now = deps.clock.now();
    const from = periodStart;
    periodStart = Math.floor(now / periodMs) * periodMs;
    const counts = deps.filter.drain();
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i]!;
      try {
        await deps.audit.append({
          actor: { kind: 'system', id: 'sakimori' },
          action: 'selection.counters',
          subjects: [{ type: 'exporter', id: exporterSubject(c.address) }],
          details: { rule: 'erase_domestic_to_domestic', country: config.country, period_start: new Date(from).toISOString(), period_end: new Date(now).toISOString(), kept: c.kept, erased: c.erased },
        });
      } catch (e) {
        deps.filter.restore(counts.slice(i));
        deps.logger.error({ err: e }, 'auditing selection counters failed; retrying with the next period');
        return;
      }
      try {
        await upsert(c, from, now);
      } catch (e) {
        deps.logger.error({ err: e, exporter: c.address }, 'selection counters are in the audit log but not in selection_counters');
      }
    }
  };

  const recordNow = (): Promise<void> => {
    running = running.then(recordOnce, recordOnce);
    return running;
  };

  return {
    name: 'selection-recorder',
    recordNow,
    async start() {
      const delay = periodStart + periodMs - deps.clock.now();
      timer = setTimeout(
        function tick() {
          void recordNow();
          timer = setTimeout(tick, periodMs);
          timer.unref();
        },
        Math.max(0, delay),
      );
      timer.unref();
    },
    async stop() {
      clearTimeout(timer);
      await recordNow();
    },
  };
}
