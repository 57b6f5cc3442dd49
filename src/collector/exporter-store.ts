/**
 * Persistent record of flow exporters and their counters per period, for the console and for
 * operators checking that telemetry arrives. The collector calls {@link ExporterStore.upsertSeen}
 * when an exporter first appears and once per period, and {@link ExporterStore.recordStats} once per
 * exporter per period — never per datagram: the hot path keeps counting in memory.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { defineError } from '../core/errors.js';
import { asId, type ExporterId } from '../core/ids.js';
import { formatAddress, parseAddress } from '../core/ip.js';
import { DECODE_ERROR_NAMES } from '../flow/decoder.js';
import type { Database } from '../storage/database.js';
import { isForeignKeyViolation } from '../storage/errors.js';
import { newId } from '../storage/id.js';
import type { ExporterStatsTable, ExportersTable } from './tables.js';

/** Stats were recorded for an exporter id that is not stored. */
export const ERR_COLLECTOR_UNKNOWN_EXPORTER = defineError<[string]>('SAKIMORI_ERR_COLLECTOR_UNKNOWN_EXPORTER', 'no exporter %s', 404);
/** A counter handed to the store is not a non-negative integer. */
export const ERR_COLLECTOR_INVALID_STATS = defineError<[string, string]>('SAKIMORI_ERR_COLLECTOR_INVALID_STATS', 'invalid exporter stats: %s is %s', 400);

/** A stored exporter. */
export interface Exporter {
  readonly id: ExporterId;
  /** Canonical address: dotted IPv4 or RFC 5952 IPv6. */
  readonly address: string;
  readonly name: string | null;
  /** Configured sampling rate, or null to trust the export. */
  readonly samplingRate: number | null;
  readonly firstSeen: number;
  readonly lastSeen: number;
}

/** Counters of one exporter over one period (not cumulative since start). */
export interface ExporterStatsInput {
  readonly datagrams: number;
  readonly records: number;
  readonly bytes: number;
  /** Decode errors by kind name (`DECODE_ERROR_NAMES`); see {@link decodeErrorsByKind}. */
  readonly decodeErrors: Readonly<Record<string, number>>;
  readonly templateMisses: number;
  readonly sequenceGaps: number;
  readonly lostRecords: number;
  /** Datagrams dropped before decoding (queue full). */
  readonly drops: number;
}

/** Stored counters of one exporter for the period starting at `periodStart`. */
export interface ExporterStats extends ExporterStatsInput {
  readonly exporterId: ExporterId;
  readonly periodStart: number;
}

/** An exporter with its most recent stats row, if any. */
export interface ExporterWithStats {
  readonly exporter: Exporter;
  readonly latest: ExporterStats | undefined;
}

/** Settings applied on sight; absent fields leave stored values unchanged. */
export interface ExporterSettings {
  readonly name?: string | null;
  readonly samplingRate?: number | null;
}

const COUNTERS = ['datagrams', 'records', 'bytes', 'templateMisses', 'sequenceGaps', 'lostRecords', 'drops'] as const;

/**
 * Turns a decoder's per-kind error array (`ExporterCounters.errors`, or a per-period difference of
 * it) into the `{ kind: count }` object stored, leaving out kinds that did not occur.
 */
export function decodeErrorsByKind(errors: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k < DECODE_ERROR_NAMES.length && k < errors.length; k++) {
    const v = errors[k]!;
    if (v !== 0) out[DECODE_ERROR_NAMES[k]!] = v;
  }
  return out;
}

function checkCount(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ERR_COLLECTOR_INVALID_STATS(what, String(v));
  return v;
}

function toExporter(r: Selectable<ExportersTable>): Exporter {
  return { id: asId<ExporterId>(r.id), address: r.address, name: r.name, samplingRate: r.sampling_rate, firstSeen: r.first_seen, lastSeen: r.last_seen };
}

function toStats(r: Selectable<ExporterStatsTable>): ExporterStats {
  return {
    exporterId: asId<ExporterId>(r.exporter_id),
    periodStart: r.period_start,
    datagrams: r.datagrams,
    records: r.records,
    bytes: r.bytes,
    decodeErrors: JSON.parse(r.decode_errors) as Record<string, number>,
    templateMisses: r.template_misses,
    sequenceGaps: r.sequence_gaps,
    lostRecords: r.lost_records,
    drops: r.drops,
  };
}

/** Reads and writes `exporters` and `exporter_stats`. */
export class ExporterStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Records that an exporter was heard from at `seenAt` (default: now): creates it on first sight,
   * otherwise moves `lastSeen` forward (never back) and applies the given settings.
   *
   * @throws `SAKIMORI_ERR_INVALID_ADDRESS` when `address` is not an IP address.
   */
  async upsertSeen(address: string, settings: ExporterSettings = {}, seenAt: number = this.#clock.now()): Promise<Exporter> {
    const canonical = formatAddress(...parseAddress(address));
    if (settings.samplingRate !== undefined && settings.samplingRate !== null && (!Number.isSafeInteger(settings.samplingRate) || settings.samplingRate < 1)) {
      throw new ERR_COLLECTOR_INVALID_STATS('samplingRate', String(settings.samplingRate));
    }
    const row: ExportersTable = {
      id: newId(seenAt),
      address: canonical,
      name: settings.name ?? null,
      sampling_rate: settings.samplingRate ?? null,
      first_seen: seenAt,
      last_seen: seenAt,
    };
    const saved = await this.#db
      .insertInto('exporters')
      .values(row)
      .onConflict((oc) =>
        oc.column('address').doUpdateSet((eb) => ({
          last_seen: eb.case().when('excluded.last_seen', '>', eb.ref('exporters.last_seen')).then(eb.ref('excluded.last_seen')).else(eb.ref('exporters.last_seen')).end(),
          ...(settings.name === undefined ? {} : { name: eb.ref('excluded.name') }),
          ...(settings.samplingRate === undefined ? {} : { sampling_rate: eb.ref('excluded.sampling_rate') }),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toExporter(saved);
  }

  /**
   * Stores the counters of one exporter for the period starting at `periodStart`. Recording the
   * same period again replaces the row (idempotent: a retried flush does not double-count).
   *
   * @throws {@link ERR_COLLECTOR_UNKNOWN_EXPORTER}, {@link ERR_COLLECTOR_INVALID_STATS}
   */
  async recordStats(exporterId: ExporterId, periodStart: number, stats: ExporterStatsInput): Promise<void> {
    for (const c of COUNTERS) checkCount(c, stats[c]);
    checkCount('periodStart', periodStart);
    for (const [kind, n] of Object.entries(stats.decodeErrors)) checkCount(`decodeErrors.${kind}`, n);
    const row: ExporterStatsTable = {
      exporter_id: exporterId,
      period_start: periodStart,
      datagrams: stats.datagrams,
      records: stats.records,
      bytes: stats.bytes,
      decode_errors: JSON.stringify(stats.decodeErrors),
      template_misses: stats.templateMisses,
      sequence_gaps: stats.sequenceGaps,
      lost_records: stats.lostRecords,
      drops: stats.drops,
    };
    const { exporter_id: _id, period_start: _start, ...values } = row;
    try {
      await this.#db
        .insertInto('exporter_stats')
        .values(row)
        .onConflict((oc) => oc.columns(['exporter_id', 'period_start']).doUpdateSet(values))
        .execute();
    } catch (e) {
      if (isForeignKeyViolation(e)) throw new ERR_COLLECTOR_UNKNOWN_EXPORTER(JSON.stringify(exporterId), { cause: e });
      throw e;
    }
  }

  /** The exporter with this address (any textual form), or undefined. */
  async findByAddress(address: string): Promise<Exporter | undefined> {
    const canonical = formatAddress(...parseAddress(address));
    const r = await this.#db.selectFrom('exporters').selectAll().where('address', '=', canonical).executeTakeFirst();
    return r === undefined ? undefined : toExporter(r);
  }

  /** Every exporter, by address, each with its most recent stats row. */
  async listWithLatestStats(): Promise<ExporterWithStats[]> {
    const exporters = await this.#db.selectFrom('exporters').selectAll().orderBy('address').execute();
    const latest = await this.#db
      .selectFrom('exporter_stats as s')
      .selectAll('s')
      .where((eb) =>
        eb(
          's.period_start',
          '=',
          eb
            .selectFrom('exporter_stats as t')
            .select((e) => e.fn.max('t.period_start').as('m'))
            .whereRef('t.exporter_id', '=', 's.exporter_id'),
        ),
      )
      .execute();
    const byExporter = new Map(latest.map((r) => [r.exporter_id, toStats(r)]));
    return exporters.map((r) => ({ exporter: toExporter(r), latest: byExporter.get(r.id) }));
  }

  /** Stats rows of one exporter with `from <= periodStart < to`, oldest first. */
  async statsBetween(exporterId: ExporterId, from: number, to: number): Promise<ExporterStats[]> {
    const rows = await this.#db
      .selectFrom('exporter_stats')
      .selectAll()
      .where('exporter_id', '=', exporterId)
      .where('period_start', '>=', from)
      .where('period_start', '<', to)
      .orderBy('period_start')
      .execute();
    return rows.map(toStats);
  }

  /** Deletes stats rows of periods starting before `before` (retention); returns how many. */
  async pruneStats(before: number): Promise<number> {
    const r = await this.#db.deleteFrom('exporter_stats').where('period_start', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
