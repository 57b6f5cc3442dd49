/**
 * How exact the figures of a detected attack are: the per-second rates `attack.updated` reported
 * against the true packets of the same seconds, the rate `attack.started` announced, and
 * `startedAt` against the first packet that reached the target.
 *
 * The truth is what the simulation metered towards the detection's own target (the attacked host,
 * or the protected prefix a prefix-scope detection names), every packet an exporter carried,
 * background included — exactly what a perfect detector would report for that target. Only
 * complete seconds are compared: seconds wholly inside the attack's window.
 * Under 1-in-N sampling a reported second is an estimate with relative standard deviation
 * √((N − 1) / true packets); that figure is reported beside the errors.
 *
 * Pure: no I/O.
 */
import type { MeteredPrefix } from '../simulator/traffic-meter.js';
import { median, type DetectedAttack } from './detected-attacks.js';

/** Rate and start-time figures of one detected attack. */
export interface RateScore {
  /** `startedAt` minus the time of the first attack packet that reached the target, ms. */
  readonly startErrorMs: number;
  /** `attack.started`'s total pps relative to the true rate of the first complete second (−0.5: half). */
  readonly startRateError: number | undefined;
  /** Complete seconds compared. */
  readonly seconds: number;
  /** Median of (reported − true) / true over those seconds. */
  readonly medianError: number | undefined;
  /** The largest |reported − true| / true of a single second, signed. */
  readonly worstError: number | undefined;
  /** Start of the second of the worst error, ms from the attack's first packet. */
  readonly worstSecondMs: number | undefined;
  /** Expected relative standard deviation of one second from sampling alone (0 unsampled). */
  readonly samplingNoise: number;
  /** Median true pps of the compared seconds. */
  readonly truePps: number | undefined;
}

/** The true seconds of a metered prefix, looked up by epoch second. */
export function truthAt(m: MeteredPrefix, second: number): number | undefined {
  const k = second - m.firstSecond;
  return k >= 0 && k < m.packets.length ? m.packets[k] : undefined;
}

/**
 * Scores the figures of detection `d` of an attack sent during `[startMs, endMs)` whose first
 * packet reached the target at `firstPacketMs`; `truth` is the metered prefix of the detection's
 * target, `samplingRate` the effective 1-in-N of the exporters carrying it.
 */
export function scoreRates(
  d: DetectedAttack,
  truth: MeteredPrefix | undefined,
  a: { readonly firstPacketMs: number; readonly startMs: number; readonly endMs: number },
  samplingRate: number,
): RateScore {
  const { firstPacketMs, endMs } = a;
  const startErrorMs = d.startedAt - firstPacketMs;
  const firstComplete = Math.ceil(a.startMs / 1000);
  const errors: { second: number; error: number; truth: number }[] = [];
  if (truth !== undefined) {
    d.updatedSeconds.forEach((ms, i) => {
      const s = ms / 1000;
      if (s < firstComplete || ms + 1000 > endMs) return;
      const t = truthAt(truth, s);
      if (t === undefined || t <= 0) return;
      errors.push({ second: ms, error: (d.updatedPps[i]! - t) / t, truth: t });
    });
  }
  const firstTruth = truth === undefined ? undefined : truthAt(truth, firstComplete);
  const worst = errors.reduce<(typeof errors)[number] | undefined>((w, e) => (w === undefined || Math.abs(e.error) > Math.abs(w.error) ? e : w), undefined);
  const truePps = errors.length === 0 ? undefined : median(errors.map((e) => e.truth));
  return {
    startErrorMs,
    startRateError: firstTruth === undefined || firstTruth <= 0 ? undefined : (d.startedPps - firstTruth) / firstTruth,
    seconds: errors.length,
    medianError: errors.length === 0 ? undefined : median(errors.map((e) => e.error)),
    worstError: worst?.error,
    worstSecondMs: worst === undefined ? undefined : worst.second - firstPacketMs,
    samplingNoise: truePps === undefined || truePps <= 0 ? 0 : Math.sqrt(Math.max(0, samplingRate - 1) / truePps),
    truePps,
  };
}
