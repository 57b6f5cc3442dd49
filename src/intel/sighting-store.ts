/**
 * Stored sightings (`sightings` table), one row per (indicator, host). The sightings component
 * hands over what its in-memory table gathered since the last flush; counts are added to the row,
 * first/last seen widened and port and protocol sets merged, so a restart or an evicted slot
 * continues the same sighting instead of starting another.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { asId, type SightingId } from '../core/ids.js';
import { formatAddress, tryParseAddress } from '../core/ip.js';
import type { Database } from '../storage/database.js';
import { newId } from '../storage/id.js';
import type { SightingsTable } from './tables.js';
import { inTransaction, lockForWrite } from '../storage/transaction.js';
import type { IndicatorKind } from './indicator.js';
import { directionOf, MAX_SIGHTING_PORTS, type Sighting } from './sighting.js';
import type { SightingDelta } from './sighting-tracker.js';

/** The stored sighting after applying one delta, and whether the row is new. */
export interface AppliedSighting {
  readonly sighting: Sighting;
  readonly created: boolean;
}

/** Filters of {@link SightingStore.list}. */
export interface SightingFilter {
  /** Only sightings seen at or after this time (ms since the epoch). */
  readonly since?: number;
  readonly host?: string;
  readonly indicatorKey?: string;
  readonly organizationId?: string;
  /** Only sightings of one of these organisations (none when empty). */
  readonly organizationIds?: readonly string[];
  /** Cursor: only sightings after this one in list order (last seen descending, then id). */
  readonly after?: { readonly lastSeen: number; readonly id: string };
  /** Default 100, at most 10 000. */
  readonly limit?: number;
}

function toSighting(r: Selectable<SightingsTable>): Sighting {
  return {
    id: asId<SightingId>(r.id),
    indicator: { key: r.indicator_key, value: r.indicator_value, label: r.indicator_label, kind: r.indicator_kind as IndicatorKind, source: r.indicator_source },
    host: r.host,
    family: r.family === 4 ? 4 : 6,
    networkId: r.network_id,
    organizationId: r.organization_id,
    networkPrefix: r.network_prefix,
    direction: directionOf(r.outbound_records, r.inbound_records),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    count: r.records,
    outboundCount: r.outbound_records,
    inboundCount: r.inbound_records,
    packets: r.packets,
    bytes: r.bytes,
    ports: JSON.parse(r.ports) as number[],
    protocols: JSON.parse(r.protocols) as number[],
  };
}

/** Sorted union of two sets, keeping at most `max` values (the smallest). */
function union(a: readonly number[], b: readonly number[], max: number): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y).slice(0, max);
}

/** Reads and writes `sightings`. */
export class SightingStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Adds the deltas to their rows (creating rows as needed), in one transaction. */
  async apply(deltas: readonly SightingDelta[]): Promise<AppliedSighting[]> {
    if (deltas.length === 0) return [];
    const now = this.#clock.now();
    return inTransaction(this.#db, async (trx) => {
      // Serialises concurrent writers of the same (indicator, host) on PostgreSQL.
      await lockForWrite(trx, 'sightings');
      const out: AppliedSighting[] = [];
      for (const d of deltas) out.push(await this.#applyOne(trx, d, now));
      return out;
    });
  }

  async #applyOne(trx: Kysely<Database>, d: SightingDelta, now: number): Promise<AppliedSighting> {
    const old = await trx.selectFrom('sightings').selectAll().where('indicator_key', '=', d.indicator.key).where('host', '=', d.host).executeTakeFirst();
    const p = d.pending;
    const ind = { indicator_value: d.indicator.value, indicator_label: d.indicator.label, indicator_kind: d.indicator.kind, indicator_source: d.indicator.source };
    const where = { network_id: d.networkId, organization_id: d.organizationId, network_prefix: d.networkPrefix };
    if (old === undefined) {
      const row: SightingsTable = {
        id: newId(now),
        indicator_key: d.indicator.key,
        ...ind,
        host: d.host,
        family: d.family,
        ...where,
        first_seen: d.firstSeen,
        last_seen: d.lastSeen,
        records: p.count,
        outbound_records: p.outbound,
        inbound_records: p.inbound,
        packets: Math.round(p.packets),
        bytes: Math.round(p.bytes),
        ports: JSON.stringify(d.ports),
        protocols: JSON.stringify(d.protocols),
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('sightings').values(row).execute();
      return { sighting: toSighting(row), created: true };
    }
    const next: SightingsTable = {
      ...old,
      ...ind,
      // A host that left every protected network keeps the network it was seen in.
      ...(d.networkId === null ? {} : where),
      first_seen: Math.min(old.first_seen, d.firstSeen),
      last_seen: Math.max(old.last_seen, d.lastSeen),
      records: old.records + p.count,
      outbound_records: old.outbound_records + p.outbound,
      inbound_records: old.inbound_records + p.inbound,
      packets: Math.round(old.packets + p.packets),
      bytes: Math.round(old.bytes + p.bytes),
      ports: JSON.stringify(union(JSON.parse(old.ports) as number[], d.ports, MAX_SIGHTING_PORTS)),
      protocols: JSON.stringify(union(JSON.parse(old.protocols) as number[], d.protocols, 255)),
      updated_at: now,
    };
    const { id, ...changes } = next;
    await trx.updateTable('sightings').set(changes).where('id', '=', id).execute();
    return { sighting: toSighting(next), created: false };
  }

  /** One sighting by id. */
  async get(id: string): Promise<Sighting | undefined> {
    const r = await this.#db.selectFrom('sightings').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toSighting(r);
  }

  /** Sightings, most recently seen first (then by id), one page at a time with `after`. */
  async list(filter: SightingFilter = {}): Promise<Sighting[]> {
    let q = this.#db.selectFrom('sightings').selectAll();
    if (filter.since !== undefined) q = q.where('last_seen', '>=', filter.since);
    if (filter.host !== undefined) {
      const w = tryParseAddress(filter.host.trim());
      q = q.where('host', '=', w === undefined ? filter.host : formatAddress(...w));
    }
    if (filter.indicatorKey !== undefined) q = q.where('indicator_key', '=', filter.indicatorKey);
    if (filter.organizationId !== undefined) q = q.where('organization_id', '=', filter.organizationId);
    if (filter.organizationIds !== undefined) {
      if (filter.organizationIds.length === 0) return [];
      q = q.where('organization_id', 'in', [...filter.organizationIds]);
    }
    const after = filter.after;
    if (after !== undefined) q = q.where((eb) => eb.or([eb('last_seen', '<', after.lastSeen), eb.and([eb('last_seen', '=', after.lastSeen), eb('id', '>', after.id)])]));
    const limit = Math.max(1, Math.min(10_000, filter.limit ?? 100));
    const rows = await q.orderBy('last_seen', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(toSighting);
  }
}
