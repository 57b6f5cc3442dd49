/**
 * Learned baselines in storage: one row per protected network and hour of the week
 * (`detection_baselines`, migration 0012). Queries are written once for SQLite and PostgreSQL.
 *
 * Reading checks every row before anything is used: a network with one row of another format,
 * learned with other settings or malformed (wrong number of series, negative or non-finite rates,
 * bad JSON) is refused whole, with the reason, and its other rows are not used either — the
 * detector then learns that network afresh while the others keep what they learned.
 */
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../storage/database.js';
import type { DetectionBaselinesTable } from '../tables.js';
import { validateBaselineNetwork, type BaselineSnapshot, type BaselineSnapshotNetwork } from '../baseline.js';

/** Layout of the `host` and `prefix` columns: JSON arrays of the `SERIES` rates. */
export const BASELINE_ROW_FORMAT = 1;

/** Settings a learned cell depends on: cells learned with others are refused when read. */
export interface BaselineSettings {
  readonly percentile: number;
  readonly utcOffsetMinutes: number;
}

/** A network whose stored rows were not used, and why. */
export interface RefusedBaseline {
  readonly networkId: string;
  /** `settings`: learned with another percentile or UTC offset; `malformed`: anything else. */
  readonly kind: 'settings' | 'malformed';
  readonly reason: string;
}

/** What {@link BaselineStore.load} read. */
export interface LoadedBaselines {
  /** The networks whose rows were all good, ready for `importBaselines`. */
  readonly snapshot: BaselineSnapshot;
  readonly refused: readonly RefusedBaseline[];
}

// Rows per insert: ten parameters each stays far below the engines' parameter limits.
const INSERT_CHUNK = 200;

function parseSeries(text: string, column: string, hour: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${column} of hour ${hour} is not JSON`);
  }
}

/** The network's rows as snapshot data, or why they are refused (the first problem found). */
function toNetwork(networkId: string, rows: readonly DetectionBaselinesTable[], settings: BaselineSettings): BaselineSnapshotNetwork | RefusedBaseline {
  for (const r of rows) {
    if (r.format !== BASELINE_ROW_FORMAT) return { networkId, kind: 'malformed', reason: `hour ${r.hour_of_week} has row format ${r.format}, this version reads ${BASELINE_ROW_FORMAT}` };
    if (r.percentile !== settings.percentile) return { networkId, kind: 'settings', reason: `learned at percentile ${r.percentile}, configured ${settings.percentile}` };
    if (r.utc_offset_minutes !== settings.utcOffsetMinutes)
      return { networkId, kind: 'settings', reason: `learned at UTC offset ${r.utc_offset_minutes} min, configured ${settings.utcOffsetMinutes} min` };
  }
  try {
    const hours = rows.map((r) => ({ hourOfWeek: r.hour_of_week, samples: r.samples, host: parseSeries(r.host, 'host', r.hour_of_week), prefix: parseSeries(r.prefix, 'prefix', r.hour_of_week) }));
    return validateBaselineNetwork({ networkId, hours }, networkId);
  } catch (e) {
    return { networkId, kind: 'malformed', reason: (e as Error).message };
  }
}

/** Reads and writes learned baselines. */
export class BaselineStore {
  readonly #db: Db;
  readonly #clock: Clock;
  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Every stored network's cells that are usable with `settings`, and the networks refused. */
  async load(settings: BaselineSettings): Promise<LoadedBaselines> {
    const rows = await this.#db.selectFrom('detection_baselines').selectAll().orderBy('network_id').orderBy('hour_of_week').execute();
    const byNetwork = new Map<string, DetectionBaselinesTable[]>();
    // integer and double precision columns read as numbers on both engines (only bigint, the unused saved_at, may be text).
    for (const r of rows) {
      const list = byNetwork.get(r.network_id);
      if (list === undefined) byNetwork.set(r.network_id, [r]);
      else list.push(r);
    }
    const networks: BaselineSnapshotNetwork[] = [];
    const refused: RefusedBaseline[] = [];
    for (const [id, list] of byNetwork) {
      const n = toNetwork(id, list, settings);
      if ('reason' in n) refused.push(n);
      else networks.push(n);
    }
    return { snapshot: { version: 1, percentile: settings.percentile, networks }, refused };
  }

  /**
   * Makes the stored cells exactly those of `snapshot`, in one transaction: rows of networks or
   * hours it does not hold (removed networks, refused rows) go. Returns the rows written.
   */
  async replace(snapshot: BaselineSnapshot, settings: BaselineSettings): Promise<number> {
    const now = this.#clock.now();
    const rows: DetectionBaselinesTable[] = [];
    for (const n of snapshot.networks) {
      for (const h of n.hours) {
        rows.push({
          network_id: n.networkId,
          hour_of_week: h.hourOfWeek,
          format: BASELINE_ROW_FORMAT,
          percentile: settings.percentile,
          utc_offset_minutes: settings.utcOffsetMinutes,
          samples: h.samples,
          host: JSON.stringify(h.host),
          prefix: JSON.stringify(h.prefix),
          saved_at: now,
        });
      }
    }
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('detection_baselines').execute();
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await trx
          .insertInto('detection_baselines')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
    });
    return rows.length;
  }
}
