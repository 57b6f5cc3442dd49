/**
 * Arithmetic on rings of per-second buckets (`SERIES` numbers per bucket, bucket of second `s` at
 * `s mod window`): testing a bucket against thresholds and reading its rates. (Adding a record to a
 * bucket is written out in `Placement.addRecord`, the hot path.)
 *
 * Pure: no I/O, no allocation.
 */
import { METRICS, SERIES } from './traffic-class.js';

/**
 * The first series of a class in `mask` whose rate reaches its threshold, or -1. The rate is the
 * bucket at `offset`, plus `prevWeight` times the bucket at `prevOffset` when `prevOffset >= 0`:
 * for the current, unfinished second this estimates the last full second (sliding window).
 */
export function crossing(data: Float32Array, offset: number, prevOffset: number, prevWeight: number, thr: Float64Array, thrOffset: number, mask: number): number {
  for (let c = 0, m = mask; m !== 0; c++, m >>>= 1) {
    if ((m & 1) === 0) continue;
    for (let j = 0; j < METRICS; j++) {
      const k = c * METRICS + j;
      const t = thr[thrOffset + k]!;
      if (t === Infinity) continue;
      let v = data[offset + k]!;
      if (prevOffset >= 0) v += data[prevOffset + k]! * prevWeight;
      if (v >= t) return k;
    }
  }
  return -1;
}

/** Rate of series `k`, with the same sliding estimate as {@link crossing}. */
export function rateOf(data: Float32Array, offset: number, prevOffset: number, prevWeight: number, k: number): number {
  let v = data[offset + k]!;
  if (prevOffset >= 0) v += data[prevOffset + k]! * prevWeight;
  return v;
}

/** True when any series of the bucket at `offset` reaches `fraction` of its threshold. */
export function loud(data: Float32Array, offset: number, thr: Float64Array, thrOffset: number, fraction: number): boolean {
  for (let k = 0; k < SERIES; k++) {
    const t = thr[thrOffset + k]!;
    if (t !== Infinity && data[offset + k]! >= t * fraction) return true;
  }
  return false;
}

/** Copies one bucket, blended like {@link crossing}, into `out` (`SERIES` numbers). */
export function blendBucket(data: Float32Array, offset: number, prevOffset: number, prevWeight: number, out: Float64Array): void {
  for (let k = 0; k < SERIES; k++) out[k] = rateOf(data, offset, prevOffset, prevWeight, k);
}
