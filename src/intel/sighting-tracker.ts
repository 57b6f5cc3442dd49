/**
 * Turns indicator matches in flow batches into sightings: every record's source and destination
 * go through the compiled {@link IndicatorMatcher}; a match is aggregated per (indicator, host) in
 * the {@link SightingTable}, the host being the other end of the flow, located in the protected
 * networks with their longest-prefix table. Flushing hands out what storage has not seen yet.
 *
 * Pure: no I/O, no timers (the `sightings.ts` component drives it).
 */
import { formatAddress } from '../core/ip.js';
import { ProtectedNetworks, type ProtectedNetworkInput } from '../detection/protected-networks.js';
import type { FlowBatch } from '../flow/flow-batch.js';
import type { Indicator } from './indicator.js';
import { MatchBuffer, MatchSide, type IndicatorMatcher } from './indicator-matcher.js';
import { directionOf, type SightingDirection } from './sighting.js';
import { SightingTable, SlotFlag, type SlotTotals } from './sighting-table.js';

/** Settings of the tracker. */
export interface SightingTrackerOptions {
  /** (indicator, host) pairs held in memory at once. */
  readonly maxSightings: number;
  /** Only record matches whose other end lies in a protected network. */
  readonly requireProtected: boolean;
}

/** What storage is handed for one (indicator, host): identity, totals not yet stored, sets. */
export interface SightingDelta {
  readonly slot: number;
  readonly indicator: Indicator;
  readonly host: string;
  readonly family: 4 | 6;
  readonly networkId: string | null;
  readonly organizationId: string | null;
  readonly networkPrefix: string | null;
  /** Sighting id when it was stored before by this process. */
  readonly id: string | undefined;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Counts since the last acknowledged flush. */
  readonly pending: SlotTotals;
  /** Totals in memory now; acknowledge with these. */
  readonly totals: SlotTotals;
  /** Direction from the in-memory totals. */
  readonly direction: SightingDirection;
  readonly ports: readonly number[];
  readonly protocols: readonly number[];
  /** True when no flush of this (indicator, host) was acknowledged yet. */
  readonly fresh: boolean;
  /** Infection already reported for this pair. */
  readonly reported: boolean;
}

/** Counters of the tracker (read by the metrics at scrape time). */
export interface SightingCounters {
  records: number;
  matches: number;
  /** Matches not recorded: the other end lies in no protected network. */
  unprotected: number;
}

/** The sighting tracker. */
export class SightingTracker {
  readonly table: SightingTable;
  readonly counters: SightingCounters = { records: 0, matches: 0, unprotected: 0 };
  readonly #options: SightingTrackerOptions;
  readonly #buffer = new MatchBuffer();
  #matcher: IndicatorMatcher;
  /** Stable small id per indicator key, and the latest indicator per id. */
  readonly #idByKey = new Map<string, number>();
  readonly #byId: Indicator[] = [];
  #refOf = new Int32Array(0);
  #networks = new ProtectedNetworks([]);

  constructor(options: SightingTrackerOptions, matcher: IndicatorMatcher) {
    this.#options = options;
    this.table = new SightingTable(options.maxSightings);
    this.#matcher = matcher;
    this.setMatcher(matcher);
  }

  /** Switches to a new compiled indicator set; sightings of indicators no longer listed stay. */
  setMatcher(matcher: IndicatorMatcher): void {
    const refOf = new Int32Array(matcher.size);
    matcher.indicators.forEach((ind, i) => {
      let id = this.#idByKey.get(ind.key);
      if (id === undefined) {
        id = this.#byId.length;
        this.#idByKey.set(ind.key, id);
      }
      this.#byId[id] = ind;
      refOf[i] = id;
    });
    this.#matcher = matcher;
    this.#refOf = refOf;
  }

  /** Replaces the protected networks (the registry's detection list); throws on an invalid list. */
  setNetworks(networks: readonly ProtectedNetworkInput[]): void {
    this.#networks = new ProtectedNetworks(networks);
  }

  /** Matches every record of the batch; `nowMs` bounds record times from exporters whose clocks run ahead. */
  consume(batch: FlowBatch, nowMs: number): void {
    this.counters.records += batch.length;
    const buf = this.#buffer;
    const m = this.#matcher.scan(batch, buf);
    for (let k = 0; k < m; k++) this.#record(batch, buf.records[k]!, buf.sides[k]!, buf.indicators[k]!, nowMs);
  }

  #record(batch: FlowBatch, i: number, side: number, indicator: number, nowMs: number): void {
    this.counters.matches++;
    const toIndicator = side === MatchSide.Destination;
    // The host is the flow's other end.
    const a = toIndicator ? batch.srcAddr : batch.dstAddr;
    const o = i * 4;
    const w0 = a[o]!;
    const w1 = a[o + 1]!;
    const w2 = a[o + 2]!;
    const w3 = a[o + 3]!;
    const net = this.#networks.table.lookup(w0, w1, w2, w3);
    if (net < 0 && this.#options.requireProtected) {
      this.counters.unprotected++;
      return;
    }
    const end = Math.min(batch.endMs[i]! > 0 ? batch.endMs[i]! : nowMs, nowMs);
    const start = Math.min(batch.startMs[i]! > 0 ? batch.startMs[i]! : end, end);
    const port = toIndicator ? batch.dstPort[i]! : batch.srcPort[i]!;
    this.table.record(this.#refOf[indicator]!, w0, w1, w2, w3, toIndicator, port, batch.protocol[i]!, batch.scaledPackets[i]!, batch.scaledBytes[i]!, start, end);
  }

  /** Every slot with counts storage has not acknowledged. */
  collect(): SightingDelta[] {
    const t = this.table;
    const out: SightingDelta[] = [];
    for (let s = 0; s < t.capacity; s++) {
      if ((t.flags[s]! & SlotFlag.Live) === 0 || !t.dirty(s)) continue;
      out.push(this.#delta(s));
    }
    return out;
  }

  /** Storage has stored the delta as sighting `id`. */
  ack(delta: SightingDelta, id: string): void {
    this.table.ack(delta.slot, delta.totals, id);
  }

  /** Marks the pair of a delta as reported infected. */
  markReported(delta: SightingDelta): void {
    this.table.flags[delta.slot]! |= SlotFlag.Reported;
  }

  /** Frees stored pairs idle since before `before`; their next match starts a fresh slot. */
  evictIdle(before: number): number {
    return this.table.evictIdle(before);
  }

  #delta(s: number): SightingDelta {
    const t = this.table;
    const o = s * 4;
    // Located again now: the protected networks may have changed since the first match.
    const nets = this.#networks;
    const net = nets.table.lookup(t.host[o]!, t.host[o + 1]!, t.host[o + 2]!, t.host[o + 3]!);
    const known = net >= 0;
    const totals = t.totals(s);
    const family = t.host[o] === 0 && t.host[o + 1] === 0 && t.host[o + 2] === 0xffff ? 4 : 6;
    return {
      slot: s,
      indicator: this.#byId[t.ref[s]!]!,
      host: formatAddress(t.host[o]!, t.host[o + 1]!, t.host[o + 2]!, t.host[o + 3]!),
      family,
      networkId: known ? nets.ids[net]! : null,
      organizationId: known ? nets.organizationIds[net]! : null,
      networkPrefix: known ? nets.prefixTexts[net]! : null,
      id: t.ids[s],
      firstSeen: t.first[s]!,
      lastSeen: t.last[s]!,
      pending: t.pending(s),
      totals,
      direction: directionOf(totals.outbound, totals.inbound),
      ports: t.portList(s),
      protocols: t.protocolList(s),
      fresh: (t.flags[s]! & SlotFlag.Acked) === 0,
      reported: (t.flags[s]! & SlotFlag.Reported) !== 0,
    };
  }
}
