/**
 * Where one record's counts go in the rings: the buckets of the seconds its [start, end] interval
 * covers inside the window, and the fraction of the record in each (uniform over the interval).
 * Computed once per record, then applied to every ring the record counts in (host, prefixes,
 * outbound source) and used to test those rings against their thresholds.
 *
 * Epoch seconds are not small integers in V8, so bucket offsets are computed from the window's
 * first bucket by counting, never with `%` per access.
 *
 * Each piece also carries the first two moments of its time within its second (uniform over the
 * piece), which the buckets sum for the total packets: they tell where in a second the traffic
 * lies — where an attack began — without keeping anything per record.
 *
 * Pure: no I/O; one instance is reused for every record. The record's times and counts are handed
 * over in fields ({@link start}, {@link end}, {@link packets}, {@link bits}) rather than as
 * arguments: a double passed to a call the compiler does not inline is boxed into a fresh heap
 * number, several per record, while a double field is updated in place.
 */
import { crossing } from './rate-math.js';
import { BUCKET, METRICS, MOMENT1, MOMENT2 } from './traffic-class.js';

/** The placement of the current record. */
export class Placement {
  /** Ring offset (`bucket × BUCKET`) of each bucket. */
  offsets = new Int32Array(16);
  /** Fraction of the record in each bucket. */
  shares = new Float64Array(16);
  /** Mean and mean square of the time into its second (0–1) of the record's part in each bucket. */
  moment1 = new Float64Array(16);
  moment2 = new Float64Array(16);
  /** Buckets used. */
  count = 0;
  /** Sum of the fractions: the part of the record inside the window. */
  share = 0;
  /** Second (epoch) of the first bucket used. */
  firstSecond = 0;
  /** Index (in `offsets`) of the bucket that counts the record as a new flow, or -1. */
  flowAt = -1;
  /** Offset of the bucket of the latest second touched. */
  lastOffset = 0;
  /** Bucket (ring index) of the latest second touched. */
  lastBucket = 0;
  /** The record's interval (ms) for {@link placeRecord}. */
  start = 0.5;
  end = 0.5;
  /** The record's packets and bits for {@link addRecord}. */
  packets = 0.5;
  bits = 0.5;

  // Per-batch window geometry.
  #W = 0;
  #S = 0;
  #sLo = 0;
  #first = 0;
  #cur = 0;
  #prev = 0;
  #prevWeight = 0;

  /**
   * Sets the window for a batch: `window` seconds ending with second `S`; `prevWeight` is the
   * weight of the previous second in the sliding estimate of the current one.
   */
  setWindow(window: number, S: number, prevWeight: number): void {
    if (this.offsets.length < window) {
      this.offsets = new Int32Array(window);
      this.shares = new Float64Array(window);
      this.moment1 = new Float64Array(window);
      this.moment2 = new Float64Array(window);
    }
    this.#W = window;
    this.#S = S;
    this.#sLo = S - window + 1;
    this.#first = this.#sLo % window;
    this.#cur = (S % window) * BUCKET;
    this.#prev = ((S - 1) % window) * BUCKET;
    this.#prevWeight = prevWeight;
  }

  /**
   * Places the record whose interval is in {@link start} and {@link end} (ms, end within the
   * window's last second). Returns false when the record ended before the window.
   */
  placeRecord(): boolean {
    const start = this.start;
    const end = this.end;
    const W = this.#W;
    const sLo = this.#sLo;
    const sEnd = Math.floor(end / 1000);
    if (sEnd < sLo) return false;
    const sStart = Math.floor(start / 1000);
    const dur = end - start;
    if (sStart === sEnd || dur < 1) {
      let b = this.#first + (sEnd - sLo);
      if (b >= W) b -= W;
      this.offsets[0] = b * BUCKET;
      this.shares[0] = 1;
      const base = sEnd * 1000;
      const x = (end - base) / 1000;
      const y = dur < 1 ? x : (start - base) / 1000;
      this.moment1[0] = (x + y) / 2;
      this.moment2[0] = (x * x + x * y + y * y) / 3;
      this.count = 1;
      this.share = 1;
      this.firstSecond = sEnd;
      this.flowAt = 0;
      this.lastOffset = b * BUCKET;
      this.lastBucket = b;
      return true;
    }
    const from0 = sStart > sLo ? sStart : sLo;
    this.firstSecond = from0;
    this.flowAt = sStart >= sLo ? 0 : -1;
    let b = this.#first + (from0 - sLo);
    if (b >= W) b -= W;
    let n = 0;
    let share = 0;
    for (let s = from0; s <= sEnd; s++) {
      const base = s * 1000;
      const from = start > base ? start : base;
      const to = end < base + 1000 ? end : base + 1000;
      const f = (to - from) / dur;
      const x = (from - base) / 1000;
      const y = (to - base) / 1000;
      this.offsets[n] = b * BUCKET;
      this.moment1[n] = (x + y) / 2;
      this.moment2[n] = (x * x + x * y + y * y) / 3;
      this.shares[n++] = f;
      share += f;
      if (++b === W) b = 0;
    }
    this.count = n;
    this.share = share;
    this.lastOffset = this.offsets[n - 1]!;
    this.lastBucket = (b === 0 ? W : b) - 1;
    return true;
  }

  /** Adds the placed record's packets and bits ({@link packets}, {@link bits}) and its flow to the classes `mask` of one entity's ring. */
  addRecord(data: Float32Array, base: number, mask: number): void {
    const packets = this.packets;
    const bits = this.bits;
    const n = this.count;
    // `accumulate` written out: called, it would box the two doubles of every bucket.
    for (let j = 0; j < n; j++) {
      const f = this.shares[j]!;
      const p = packets * f;
      const b = bits * f;
      const flows = j === this.flowAt ? 1 : 0;
      const offset = base + this.offsets[j]!;
      data[offset + MOMENT1]! += p * this.moment1[j]!;
      data[offset + MOMENT2]! += p * this.moment2[j]!;
      for (let c = 0, m = mask; m !== 0; c++, m >>>= 1) {
        if ((m & 1) === 0) continue;
        const k = offset + c * METRICS;
        data[k]! += p;
        data[k + 1]! += b;
        data[k + 2]! += flows;
      }
    }
  }

  /**
   * Tests the buckets the record touched (current second: sliding estimate) against thresholds
   * for the classes in `check`. Returns the crossing series, or -1; {@link crossedSecond} tells
   * the second of the bucket that crossed.
   */
  cross(data: Float32Array, base: number, thr: Float64Array, thrOffset: number, check: number): number {
    for (let j = 0; j < this.count; j++) {
      const off = this.offsets[j]!;
      const k = crossing(data, base + off, off === this.#cur ? base + this.#prev : -1, this.#prevWeight, thr, thrOffset, check);
      if (k >= 0) {
        let back = (this.#cur - off) / BUCKET;
        if (back < 0) back += this.#W;
        this.crossedSecond = this.#S - back;
        return k;
      }
    }
    return -1;
  }

  /** Second of the bucket found by the last successful {@link cross}. */
  crossedSecond = 0;
}
