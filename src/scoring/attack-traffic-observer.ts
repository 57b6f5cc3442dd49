/**
 * Watches the decoded record stream of a scored replay for traffic towards the attack targets of
 * a scenario: for every source seen sending to a target during its window, the time of the first
 * export datagram that carried it and the sampled packets. After the run, these are checked
 * against the ground truth's source set to find the first datagram that really carried attack
 * traffic (time to detect starts there) and the sources that were observable at all — under 1:N
 * sampling a source that was never sampled cannot be listed by any detector.
 *
 * Pure: no I/O. Not a hot path of the product (it runs only when scoring), but it allocates only
 * for records aimed at a target.
 */
import { formatAddress, type Prefix } from '../core/ip.js';
import type { FlowBatch } from '../flow/flow-batch.js';

/** A target to watch: an attack's host or prefix during its window. */
export interface WatchedTarget {
  readonly id: string;
  readonly prefix: Prefix;
  readonly startMs: number;
  readonly endMs: number;
}

/** What was seen of one source towards one target. */
export interface SourceSighting {
  /** Time of the first export datagram carrying a record from this source to the target. */
  readonly firstDatagramMs: number;
  /** Sampled packets in those records (as exported, not renormalised). */
  sampledPackets: number;
}

/** Sightings per source address (dotted IPv4 or RFC 5952 IPv6), per watched target. */
export type TargetSightings = ReadonlyMap<string, SourceSighting>;

/**
 * Record slack around a window: a record counts for a target when its flow interval overlaps the
 * window widened by this much (exporter timestamps are rounded to the second or to sysUptime ms).
 */
const WINDOW_SLACK_MS = 1000;

/** Records traffic towards targets, attributing each record to the datagram that carried it. */
export class AttackTrafficObserver {
  readonly name = 'attack-traffic-observer';
  readonly #targets: readonly WatchedTarget[];
  readonly #masks: Uint32Array;
  readonly #sightings: Map<string, SourceSighting>[];
  /** Global index of the first record of each datagram, and its time; consumed in order. */
  readonly #datagramStarts: number[] = [];
  readonly #datagramTimes: number[] = [];
  #cursor = 0;
  #recordsSeen = 0;
  #recordsAnnounced = 0;

  constructor(targets: readonly WatchedTarget[]) {
    this.#targets = targets;
    this.#masks = new Uint32Array(targets.length * 4);
    targets.forEach((t, i) => {
      for (let k = 0; k < 4; k++) {
        const bits = Math.max(0, Math.min(32, t.prefix.length - k * 32));
        this.#masks[i * 4 + k] = bits === 0 ? 0 : bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
      }
    });
    this.#sightings = targets.map(() => new Map());
  }

  /**
   * Announces that the records decoded next come from a datagram sent at `timeMs`; call before
   * handing the datagram to the collector, with the number of records the previous one decoded.
   */
  datagram(timeMs: number, previousRecords: number): void {
    this.#recordsAnnounced += previousRecords;
    this.#datagramStarts.push(this.#recordsAnnounced);
    this.#datagramTimes.push(timeMs);
  }

  /** Collector consumer: looks at every record of the batch. */
  consume(batch: FlowBatch): void {
    const n = this.#targets.length;
    for (let i = 0; i < batch.length; i++) {
      const g = this.#recordsSeen++;
      if (n === 0) continue;
      const o = i * 4;
      const d0 = batch.dstAddr[o]!;
      const d1 = batch.dstAddr[o + 1]!;
      const d2 = batch.dstAddr[o + 2]!;
      const d3 = batch.dstAddr[o + 3]!;
      for (let t = 0; t < n; t++) {
        const target = this.#targets[t]!;
        const w = target.prefix.words;
        const m = t * 4;
        if ((d0 & this.#masks[m]!) >>> 0 !== w[0] || (d1 & this.#masks[m + 1]!) >>> 0 !== w[1] || (d2 & this.#masks[m + 2]!) >>> 0 !== w[2] || (d3 & this.#masks[m + 3]!) >>> 0 !== w[3]) continue;
        if (batch.endMs[i]! < target.startMs - WINDOW_SLACK_MS || batch.startMs[i]! > target.endMs + WINDOW_SLACK_MS) continue;
        this.#note(t, formatAddress(batch.srcAddr[o]!, batch.srcAddr[o + 1]!, batch.srcAddr[o + 2]!, batch.srcAddr[o + 3]!), batch.packets[i]!, this.#timeOf(g));
      }
    }
  }

  /**
   * Records consumed so far and records the collector reported decoding (the announced total plus
   * `lastRecords` of the final datagram); equal once everything is flushed.
   */
  totals(lastRecords: number): { readonly consumed: number; readonly decoded: number } {
    return { consumed: this.#recordsSeen, decoded: this.#recordsAnnounced + lastRecords };
  }

  /** Sightings towards the target with `id`. */
  sightings(id: string): TargetSightings {
    const i = this.#targets.findIndex((t) => t.id === id);
    return i < 0 ? new Map() : this.#sightings[i]!;
  }

  #note(t: number, source: string, packets: number, timeMs: number): void {
    const m = this.#sightings[t]!;
    const s = m.get(source);
    if (s === undefined) m.set(source, { firstDatagramMs: timeMs, sampledPackets: packets });
    else s.sampledPackets += packets;
  }

  /** Time of the datagram holding global record `g` (records are consumed in order). */
  #timeOf(g: number): number {
    const starts = this.#datagramStarts;
    while (this.#cursor + 1 < starts.length && starts[this.#cursor + 1]! <= g) this.#cursor++;
    return this.#datagramTimes[this.#cursor] ?? Number.NaN;
  }
}
