/**
 * Thresholds as operators write them (per protocol class: pps, bps, flows per second) and as the
 * engine reads them (one number per series, `Infinity` where no threshold applies).
 *
 * The shape is the registry's `NetworkThresholds`, so the registry's list maps onto
 * {@link ProtectedNetworkInput} without conversion.
 *
 * Pure: no I/O.
 */
import { CLASS_NAMES, CLASSES, METRIC_NAMES, METRICS, SERIES, type ClassName } from './traffic-class.js';

/** Rates for one protocol class; absent metrics do not trigger. */
export interface RateThreshold {
  readonly pps?: number | undefined;
  readonly bps?: number | undefined;
  readonly flowsPerSecond?: number | undefined;
}

/** Thresholds by protocol class (the registry's `NetworkThresholds`). */
export type NetworkThresholds = { readonly [C in ClassName]?: RateThreshold | undefined };

/** Where an effective threshold came from; reported with each attack. */
export type ThresholdSource = 'configured' | 'learned' | 'default';

/**
 * Writes the thresholds that `t` sets into `out` (one number per series) and returns a mask of
 * the series it set (bit `k`). Unset series are left untouched, so defaults can be written first.
 */
export function writeThresholds(t: NetworkThresholds | null | undefined, out: Float64Array, offset = 0): number {
  let set = 0;
  if (t === null || t === undefined) return set;
  for (let c = 0; c < CLASSES; c++) {
    const r = t[CLASS_NAMES[c]!];
    if (r === undefined) continue;
    for (let m = 0; m < METRICS; m++) {
      const v = r[METRIC_NAMES[m]!];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
        out[offset + c * METRICS + m] = v;
        set |= 1 << (c * METRICS + m);
      }
    }
  }
  return set;
}

/** Series thresholds from operator thresholds; unset series are `Infinity`. */
export function seriesThresholds(t: NetworkThresholds | null | undefined): Float64Array {
  const out = new Float64Array(SERIES).fill(Infinity);
  writeThresholds(t, out);
  return out;
}

/** The operator form of a series array (finite series only), for events and the API. */
export function thresholdsOf(series: ArrayLike<number>, offset = 0): NetworkThresholds {
  const out: Record<string, Record<string, number>> = {};
  for (let c = 0; c < CLASSES; c++) {
    for (let m = 0; m < METRICS; m++) {
      const v = series[offset + c * METRICS + m]!;
      if (!Number.isFinite(v)) continue;
      (out[CLASS_NAMES[c]!] ??= {})[METRIC_NAMES[m]!] = Math.round(v);
    }
  }
  return out as NetworkThresholds;
}
