/**
 * Persists exporter statistics: at every period boundary it records each exporter's last-seen
 * time and the change of its counters over the period (the store keeps per-period rows, not
 * running totals). A storage failure is logged and retried with the next period's figures added,
 * so no counted datagram is ever dropped from the history.
 */
import type { Component, BaseDeps } from '../core/component.js';
import type { ExporterId } from '../core/ids.js';
import { DECODE_ERROR_NAMES } from '../flow/decoder.js';
import type { CollectorConfig } from './config.js';
import type { ExporterStore } from './exporter-store.js';
import type { ExporterTable, ExporterSlot } from './exporter-table.js';

interface Snapshot {
  datagrams: number;
  records: number;
  bytes: number;
  templateMisses: number;
  sequenceGaps: number;
  lostRecords: number;
  drops: number;
  errors: Float64Array;
}

function snapshot(s: ExporterSlot): Snapshot {
  const c = s.counters;
  return {
    datagrams: c.datagrams,
    records: c.records,
    bytes: c.bytes,
    templateMisses: c.templateMisses,
    sequenceGaps: c.sequenceGaps,
    lostRecords: c.lostRecords,
    drops: s.queueDrops,
    errors: Float64Array.from(c.errors),
  };
}

/** The statistics writer component. */
export interface StatsWriter extends Component {
  /** Writes the current period now (also called on stop). */
  writeNow(): Promise<void>;
}

function minus(a: Snapshot, b: Snapshot | undefined): Snapshot {
  const z = b ?? ZERO;
  return {
    datagrams: a.datagrams - z.datagrams,
    records: a.records - z.records,
    bytes: a.bytes - z.bytes,
    templateMisses: a.templateMisses - z.templateMisses,
    sequenceGaps: a.sequenceGaps - z.sequenceGaps,
    lostRecords: a.lostRecords - z.lostRecords,
    drops: a.drops - z.drops,
    errors: a.errors.map((v, k) => v - (z.errors[k] ?? 0)),
  };
}

function plus(a: Snapshot, b: Snapshot): Snapshot {
  return {
    datagrams: a.datagrams + b.datagrams,
    records: a.records + b.records,
    bytes: a.bytes + b.bytes,
    templateMisses: a.templateMisses + b.templateMisses,
    sequenceGaps: a.sequenceGaps + b.sequenceGaps,
    lostRecords: a.lostRecords + b.lostRecords,
    drops: a.drops + b.drops,
    errors: a.errors.map((v, k) => v + (b.errors[k] ?? 0)),
  };
}

const ZERO: Snapshot = { datagrams: 0, records: 0, bytes: 0, templateMisses: 0, sequenceGaps: 0, lostRecords: 0, drops: 0, errors: new Float64Array(DECODE_ERROR_NAMES.length) };

/**
 * Creates a writer that persists once per period of `statsPeriodSeconds`. Each write adds the change since the last
 * successful write to the row of the period it falls in; several writes in one period (a stop
 * right after a timer tick) accumulate in that row instead of replacing it.
 */
export function createStatsWriter(config: Pick<CollectorConfig, 'statsPeriodSeconds'>, deps: BaseDeps & { exporters: ExporterTable; store: ExporterStore }): StatsWriter {
  const periodMs = config.statsPeriodSeconds * 1000;
  /** Counters as of the last successful write, per exporter index. */
  const written = new Map<number, Snapshot>();
  /** What the current period's row holds, per exporter index. */
  const rows = new Map<number, { period: number; value: Snapshot }>();
  const ids = new Map<number, ExporterId>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const writeOnce = async (): Promise<void> => {
    const now = deps.clock.now();
    const period = Math.floor(now / periodMs) * periodMs;
    for (const slot of deps.exporters.all()) {
      const cur = snapshot(slot);
      const delta = minus(cur, written.get(slot.index));
      if (written.has(slot.index) && delta.datagrams === 0 && delta.drops === 0) continue;
      const row = rows.get(slot.index);
      const value = row !== undefined && row.period === period ? plus(row.value, delta) : delta;
      try {
        let id = ids.get(slot.index);
        const e = await deps.store.upsertSeen(slot.address, id === undefined && slot.name !== undefined ? { name: slot.name } : {}, slot.counters.lastSeenMs || now);
        id = e.id;
        ids.set(slot.index, id);
        const errors: Record<string, number> = {};
        value.errors.forEach((v, k) => {
          if (v > 0) errors[DECODE_ERROR_NAMES[k]!] = v;
        });
        await deps.store.recordStats(id, period, {
          datagrams: value.datagrams,
          records: value.records,
          bytes: value.bytes,
          decodeErrors: errors,
          templateMisses: value.templateMisses,
          sequenceGaps: value.sequenceGaps,
          lostRecords: value.lostRecords,
          drops: value.drops,
        });
        written.set(slot.index, cur);
        rows.set(slot.index, { period, value });
      } catch (err) {
        deps.logger.warn({ err, exporter: slot.address }, 'could not persist exporter statistics; will retry next period');
      }
    }
  };

  const writeNow = (): Promise<void> => {
    running = (running ?? Promise.resolve()).then(writeOnce);
    return running;
  };

  return {
    name: 'exporter-stats-writer',
    writeNow,
    async start() {
      timer = setInterval(() => void writeNow(), periodMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      await writeNow();
    },
  };
}
