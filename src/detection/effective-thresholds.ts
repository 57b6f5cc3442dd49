/**
 * Effective thresholds per protected network and series, for hosts and for the aggregate:
 * configured on the network, else learned (percentile × burst factor, never below the floor),
 * else the default (for the aggregate: the host threshold × `prefixFactor`). Recomputed when the
 * networks change, when baselines are imported and at every hour of the week.
 *
 * Pure: no I/O.
 */
import { ThresholdOrigin, type EngineState } from './engine-state.js';
import { seriesThresholds, writeThresholds } from './thresholds.js';
import { METRICS, SERIES } from './traffic-class.js';

/** Recomputes `hostThr`, `prefixThr` and their origins for the hour of `second`. */
export function recomputeThresholds(st: EngineState, second: number): void {
  const cfg = st.config;
  const n = st.networks.size;
  if (st.hostThr.length !== n * SERIES) {
    st.hostThr = new Float64Array(n * SERIES);
    st.prefixThr = new Float64Array(n * SERIES);
    st.hostOrigin = new Uint8Array(n * SERIES);
    st.prefixOrigin = new Uint8Array(n * SERIES);
    st.hostClasses = new Uint8Array(n);
    st.prefixClasses = new Uint8Array(n);
  }
  const defaults = seriesThresholds(cfg.thresholds.host);
  const floor = [cfg.baseline.floor.pps ?? 0, cfg.baseline.floor.bps ?? 0, cfg.baseline.floor.flowsPerSecond ?? 0];
  const burst = cfg.baseline.burstFactor;
  const lh = new Float64Array(SERIES);
  const lp = new Float64Array(SERIES);
  for (let i = 0; i < n; i++) {
    const learned = cfg.baseline.enabled && st.baselines.learned(i, second, lh, lp);
    for (let k = 0; k < SERIES; k++) {
      const at = i * SERIES + k;
      const hostConf = st.networks.hostConfigured[at]!;
      const prefConf = st.networks.prefixConfigured[at]!;
      const f = floor[k % METRICS]!;
      if (hostConf !== Infinity) set(st.hostThr, st.hostOrigin, at, hostConf, ThresholdOrigin.Configured);
      else if (learned) set(st.hostThr, st.hostOrigin, at, Math.max(lh[k]! * burst, f), ThresholdOrigin.Learned);
      else set(st.hostThr, st.hostOrigin, at, defaults[k]!, ThresholdOrigin.Default);
      if (prefConf !== Infinity) set(st.prefixThr, st.prefixOrigin, at, prefConf, ThresholdOrigin.Configured);
      else if (learned) set(st.prefixThr, st.prefixOrigin, at, Math.max(lp[k]! * burst, f), ThresholdOrigin.Learned);
      else set(st.prefixThr, st.prefixOrigin, at, (hostConf !== Infinity ? hostConf : defaults[k]!) * cfg.thresholds.prefixFactor, ThresholdOrigin.Default);
    }
    st.hostClasses[i] = classesWithThresholds(st.hostThr, i * SERIES);
    st.prefixClasses[i] = classesWithThresholds(st.prefixThr, i * SERIES);
  }
}

/** Class mask of the classes with at least one finite threshold; the record path checks only these. */
function classesWithThresholds(thr: Float64Array, offset: number): number {
  let m = 0;
  for (let k = 0; k < SERIES; k++) if (thr[offset + k] !== Infinity) m |= 1 << Math.floor(k / METRICS);
  return m;
}

/** Sets the outbound thresholds from the configuration. */
export function setOutboundThresholds(st: EngineState): void {
  st.outThr.fill(Infinity);
  writeThresholds(st.config.outbound.thresholds, st.outThr);
  st.outClasses = classesWithThresholds(st.outThr, 0);
}

function set(thr: Float64Array, origin: Uint8Array, at: number, v: number, o: number): void {
  thr[at] = v;
  origin[at] = o;
}
