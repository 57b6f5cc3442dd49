/**
 * True packets per second towards chosen prefixes, counted from the packet rows an exporter
 * carried (rows no exporter could carry are left out: no collector could see them). This is the
 * figure a detector's per-second rate for a host or a prefix is scored against.
 *
 * A row of `count` packets spread over `[timeMs, timeMs + spanMs]` is split between the seconds it
 * covers in proportion to the time in each, the way the traffic models spread them.
 *
 * Pure: no I/O.
 */
import { formatPrefix, prefixContains, type Prefix } from '../core/ip.js';
import type { PacketBatch } from './traffic/packet-batch.js';

/** Per-second packet counts of one metered prefix. */
export interface MeteredPrefix {
  /** The prefix as text (`192.0.2.80/32`). */
  readonly prefix: string;
  /** Epoch second of `packets[0]`. */
  readonly firstSecond: number;
  /** True packets in each second from `firstSecond` on. */
  readonly packets: Float64Array;
}

/** Counts the true packets towards a few prefixes, second by second. */
export class TrafficMeter {
  readonly #prefixes: readonly Prefix[];
  readonly #firstSecond: number;
  #counts: Float64Array[];
  /** Seconds counted so far (from `firstSecond`). */
  #length = 0;

  /** @param startMs start of the run; seconds before it are not counted. */
  constructor(prefixes: readonly Prefix[], startMs: number) {
    this.#prefixes = prefixes;
    this.#firstSecond = Math.floor(startMs / 1000);
    this.#counts = prefixes.map(() => new Float64Array(64));
  }

  /** Counts row `i` of `b` if its destination lies in a metered prefix. */
  add(b: PacketBatch, i: number): void {
    const w = i * 4;
    for (let p = 0; p < this.#prefixes.length; p++) {
      if (!prefixContains(this.#prefixes[p]!, b.dst[w]!, b.dst[w + 1]!, b.dst[w + 2]!, b.dst[w + 3]!)) continue;
      const from = b.timeMs[i]!;
      const span = b.spanMs[i]!;
      const count = b.count[i]!;
      if (span <= 0) {
        this.#addTo(p, Math.floor(from / 1000), count);
        continue;
      }
      const to = from + span;
      for (let s = Math.floor(from / 1000); s * 1000 < to; s++) {
        const a = Math.max(from, s * 1000);
        const e = Math.min(to, s * 1000 + 1000);
        if (e > a) this.#addTo(p, s, (count * (e - a)) / span);
      }
    }
  }

  /** The counts so far, one entry per metered prefix in the order given. */
  result(): MeteredPrefix[] {
    return this.#prefixes.map((p, k) => ({ prefix: formatPrefix(p), firstSecond: this.#firstSecond, packets: this.#counts[k]!.slice(0, this.#length) }));
  }

  #addTo(p: number, second: number, packets: number): void {
    const k = second - this.#firstSecond;
    if (k < 0) return;
    if (k >= this.#length) this.#length = k + 1;
    let a = this.#counts[p]!;
    if (k >= a.length) {
      const grown = new Float64Array(Math.max(k + 1, a.length * 2));
      grown.set(a);
      this.#counts[p] = grown;
      a = grown;
    }
    a[k]! += packets;
  }
}
