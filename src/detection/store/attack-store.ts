/**
 * Attacks in storage: written from detection's lifecycle events and read by the API and the
 * operations part (evidence, emergency checks). Queries are written once for SQLite and PostgreSQL.
 */
import type { Clock } from '../../core/clock.js';
import { defineError } from '../../core/errors.js';
import type { Db } from '../../storage/database.js';
import type { AttacksTable } from '../tables.js';
import type { AttackEnded, AttackerEntry, AttackStarted, AttackTrigger, AttackUpdated, RatesEstimate, VectorShare } from '../attack.js';
import type { HitExtent } from '../hit-extent.js';
import type { ClassRates } from '../traffic-class.js';

export const ERR_ATTACK_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_ATTACK_NOT_FOUND', 'no attack %s', 404);
export const ERR_ATTACK_QUERY = defineError<[string]>('SAKIMORI_ERR_ATTACK_QUERY', 'invalid attack query: %s', 400);

/** An attack as stored. */
export interface StoredAttack {
  readonly id: string;
  readonly scope: 'host' | 'prefix';
  readonly target: string;
  readonly family: 4 | 6;
  readonly networkId: string;
  readonly organizationId: string;
  readonly networkPrefix: string;
  readonly state: 'active' | 'ended';
  readonly startedAt: number;
  readonly detectedAt: number;
  readonly updatedAt: number;
  readonly endedAt: number | null;
  readonly endReason: string | null;
  readonly trigger: AttackTrigger;
  readonly vectors: readonly VectorShare[];
  readonly current: { readonly pps: number; readonly bps: number };
  readonly peak: { readonly pps: number; readonly bps: number };
  readonly rates: ClassRates;
  /** Set while `rates` (and `current`) is the estimate made at detection, before a complete second. */
  readonly ratesEstimate: RatesEstimate | null;
  readonly peakRates: ClassRates;
  readonly topSources: readonly AttackerEntry[];
  readonly sourceCount: number;
  readonly targetCount: number;
  readonly totals: { readonly packets: number; readonly bytes: number };
  /** What a carpet-bombing (prefix) attack hits; null for host attacks. */
  readonly extent: HitExtent | null;
}

/** One second of an attack's timeline. */
export interface TimelinePoint {
  readonly second: number;
  readonly pps: number;
  readonly bps: number;
  readonly rates: ClassRates;
}

/** Filter and page of {@link AttackStore.list}. */
export interface AttackQuery {
  readonly state?: 'active' | 'ended';
  readonly organizationIds?: readonly string[];
  /** Only attacks on this protected network. */
  readonly networkId?: string;
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number;
  /** Opaque cursor from the previous page. */
  readonly cursor?: string;
}

/** A page of results with the cursor of the next one. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

function toAttack(r: AttacksTable): StoredAttack {
  return {
    id: r.id,
    scope: r.scope,
    target: r.target,
    family: r.family === 6 ? 6 : 4,
    networkId: r.network_id,
    organizationId: r.organization_id,
    networkPrefix: r.network_prefix,
    state: r.state,
    startedAt: Number(r.started_at),
    detectedAt: Number(r.detected_at),
    updatedAt: Number(r.updated_at),
    endedAt: r.ended_at === null ? null : Number(r.ended_at),
    endReason: r.end_reason,
    trigger: JSON.parse(r.trigger) as AttackTrigger,
    vectors: JSON.parse(r.vectors) as VectorShare[],
    current: { pps: r.current_pps, bps: r.current_bps },
    peak: { pps: r.peak_pps, bps: r.peak_bps },
    rates: JSON.parse(r.rates) as ClassRates,
    ratesEstimate: r.rates_estimate === null ? null : (JSON.parse(r.rates_estimate) as RatesEstimate),
    peakRates: JSON.parse(r.peak) as ClassRates,
    topSources: JSON.parse(r.top_sources) as AttackerEntry[],
    sourceCount: r.source_count,
    targetCount: r.target_count,
    totals: { packets: r.total_packets, bytes: r.total_bytes },
    extent: r.extent === null ? null : (JSON.parse(r.extent) as HitExtent),
  };
}

const encodeCursor = (startedAt: number, id: string): string => Buffer.from(`${startedAt}:${id}`).toString('base64url');
function decodeCursor(cursor: string): { startedAt: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString();
  const m = /^(\d{1,16}):([0-9A-Za-z_-]{1,64})$/.exec(text);
  if (m === null) throw new ERR_ATTACK_QUERY('bad cursor');
  return { startedAt: Number(m[1]), id: m[2]! };
}

/** Reads and writes attacks. */
export class AttackStore {
  readonly #db: Db;
  readonly #clock: Clock;
  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Inserts an attack at its start. */
  async started(e: AttackStarted): Promise<void> {
    const total = e.rates.total;
    await this.#db
      .insertInto('attacks')
      .values({
        id: e.attackId,
        scope: e.scope,
        target: e.target,
        family: e.family,
        network_id: e.networkId,
        organization_id: e.organizationId,
        network_prefix: e.networkPrefix,
        state: 'active',
        started_at: e.startedAt,
        detected_at: e.detectedAt,
        updated_at: e.detectedAt,
        ended_at: null,
        end_reason: null,
        trigger: JSON.stringify(e.trigger),
        vectors: JSON.stringify(e.vectors),
        current_pps: total.pps,
        current_bps: total.bps,
        peak_pps: total.pps,
        peak_bps: total.bps,
        rates: JSON.stringify(e.rates),
        peak: JSON.stringify(e.rates),
        thresholds: JSON.stringify(e.thresholds),
        top_sources: JSON.stringify(e.topSources),
        source_count: e.sourceCount,
        target_count: e.targetCount,
        total_packets: e.totals.packets,
        total_bytes: e.totals.bytes,
        extent: e.extent === undefined ? null : JSON.stringify(e.extent),
        rates_estimate: JSON.stringify(e.ratesEstimate),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** Updates the current state and appends the second to the timeline. */
  async updated(e: AttackUpdated): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('attacks')
        .set({
          updated_at: e.at,
          vectors: JSON.stringify(e.vectors),
          current_pps: e.rates.total.pps,
          current_bps: e.rates.total.bps,
          peak_pps: e.peak.total.pps,
          peak_bps: e.peak.total.bps,
          rates: JSON.stringify(e.rates),
          peak: JSON.stringify(e.peak),
          top_sources: JSON.stringify(e.topSources),
          source_count: e.sourceCount,
          target_count: e.targetCount,
          total_packets: e.totals.packets,
          total_bytes: e.totals.bytes,
          ...(e.extent === undefined ? {} : { extent: JSON.stringify(e.extent) }),
          // A complete second replaces the estimate made at detection.
          rates_estimate: null,
        })
        .where('id', '=', e.attackId)
        .where('state', '=', 'active')
        .execute();
      await trx
        .insertInto('attack_timeline')
        .values({ attack_id: e.attackId, second: e.second, pps: e.rates.total.pps, bps: e.rates.total.bps, rates: JSON.stringify(e.rates) })
        .onConflict((oc) => oc.columns(['attack_id', 'second']).doNothing())
        .execute();
    });
  }

  /** Marks the attack ended and stores its attacker list. */
  async ended(e: AttackEnded): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('attacks')
        .set({
          state: 'ended',
          ended_at: e.endedAt,
          end_reason: e.reason,
          updated_at: e.endedAt,
          vectors: JSON.stringify(e.vectors),
          peak_pps: e.peak.total.pps,
          peak_bps: e.peak.total.bps,
          current_pps: 0,
          current_bps: 0,
          peak: JSON.stringify(e.peak),
          top_sources: JSON.stringify(e.topSources),
          source_count: e.sourceCount,
          target_count: e.targetCount,
          total_packets: e.totals.packets,
          total_bytes: e.totals.bytes,
          ...(e.extent === undefined ? {} : { extent: JSON.stringify(e.extent) }),
        })
        .where('id', '=', e.attackId)
        .execute();
      // Chunks keep each INSERT under SQLite's bound-parameter limit.
      for (let i = 0; i < e.attackers.length; i += 500) {
        const chunk = e.attackers.slice(i, i + 500).map((a) => ({
          attack_id: e.attackId,
          address: a.address,
          packets: a.packets,
          bytes: a.bytes,
          packet_share: a.packetShare,
          byte_share: a.byteShare,
          first_seen: a.firstSeen,
          last_seen: a.lastSeen,
          vectors: JSON.stringify(a.vectors),
          error_bound: a.errorBound,
          country: a.country ?? null,
          asn: a.asn ?? null,
        }));
        await trx
          .insertInto('attack_sources')
          .values(chunk)
          .onConflict((oc) => oc.columns(['attack_id', 'address']).doNothing())
          .execute();
      }
    });
  }

  /**
   * Ends attacks left active by a previous run (the process stopped without their `ended`
   * event); returns how many. Called at start, before detection runs.
   */
  async closeInterrupted(): Promise<number> {
    const now = this.#clock.now();
    const r = await this.#db.updateTable('attacks').set({ state: 'ended', ended_at: now, end_reason: 'interrupted', current_pps: 0, current_bps: 0 }).where('state', '=', 'active').executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** An attack by id. */
  async get(id: string): Promise<StoredAttack> {
    const r = await this.#db.selectFrom('attacks').selectAll().where('id', '=', id).executeTakeFirst();
    if (r === undefined) throw new ERR_ATTACK_NOT_FOUND(id);
    return toAttack(r);
  }

  /** Whether an attack is active now (operations' emergency path asks this). */
  async isActive(id: string): Promise<boolean> {
    const r = await this.#db.selectFrom('attacks').select('state').where('id', '=', id).executeTakeFirst();
    return r?.state === 'active';
  }

  /** Attacks newest first, filtered, one page at a time. */
  async list(q: AttackQuery = {}): Promise<Page<StoredAttack>> {
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ERR_ATTACK_QUERY('limit must be 1..1000');
    let query = this.#db.selectFrom('attacks').selectAll();
    if (q.state !== undefined) query = query.where('state', '=', q.state);
    if (q.organizationIds !== undefined) {
      if (q.organizationIds.length === 0) return { items: [], next: null };
      query = query.where('organization_id', 'in', [...q.organizationIds]);
    }
    if (q.networkId !== undefined) query = query.where('network_id', '=', q.networkId);
    if (q.from !== undefined) query = query.where('started_at', '>=', q.from);
    if (q.to !== undefined) query = query.where('started_at', '<', q.to);
    if (q.cursor !== undefined) {
      const c = decodeCursor(q.cursor);
      query = query.where((eb) => eb.or([eb('started_at', '<', c.startedAt), eb.and([eb('started_at', '=', c.startedAt), eb('id', '<', c.id)])]));
    }
    const rows = await query
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map(toAttack);
    const last = items.at(-1);
    return { items, next: rows.length > limit && last !== undefined ? encodeCursor(last.startedAt, last.id) : null };
  }

  /** The per-second timeline of an attack, oldest first. */
  async timeline(id: string, limit = 3600): Promise<TimelinePoint[]> {
    const rows = await this.#db.selectFrom('attack_timeline').selectAll().where('attack_id', '=', id).orderBy('second', 'desc').limit(limit).execute();
    return rows.reverse().map((r) => ({ second: Number(r.second), pps: r.pps, bps: r.bps, rates: JSON.parse(r.rates) as ClassRates }));
  }

  /** The stored attacker list of an ended attack, largest share first. */
  async sources(id: string, limit = 1000, offset = 0): Promise<AttackerEntry[]> {
    const rows = await this.#db.selectFrom('attack_sources').selectAll().where('attack_id', '=', id).orderBy('packets', 'desc').orderBy('address').limit(limit).offset(offset).execute();
    return rows.map((r) => ({
      address: r.address,
      packets: r.packets,
      bytes: r.bytes,
      packetShare: r.packet_share,
      byteShare: r.byte_share,
      firstSeen: Number(r.first_seen),
      lastSeen: Number(r.last_seen),
      vectors: JSON.parse(r.vectors) as AttackerEntry['vectors'],
      errorBound: r.error_bound,
      ...(r.country === null ? {} : { country: r.country }),
      ...(r.asn === null ? {} : { asn: Number(r.asn) }),
    }));
  }
}
