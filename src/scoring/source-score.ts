/**
 * How well an attacker list matches the true sources: recall and precision against the full true
 * source set, and recall against the sources observable in the export — those sampled at least
 * once. Under 1-in-N packet sampling a source that sent `p` packets is never sampled with
 * probability (1 − 1/N)^p ≈ e^(−p/N), so no detector can list it: the observable fraction is the
 * ceiling of recall against the full set.
 *
 * Pure: no I/O.
 */
import type { SourceSighting } from './attack-traffic-observer.js';

/** Scores of one attacker list. */
export interface SourceScore {
  /** True sources, observable true sources, and addresses listed. */
  readonly truth: number;
  readonly observable: number;
  readonly listed: number;
  /** Listed addresses that are true sources. */
  readonly truePositives: number;
  /** truePositives / truth. */
  readonly recall: number;
  /** Listed observable sources / observable. */
  readonly recallObservable: number;
  /** truePositives / listed (1 when nothing was listed). */
  readonly precision: number;
  /** observable / truth: the recall no detector can exceed. */
  readonly observableFraction: number;
}

/** The true sources that appear in at least one exported record towards the target. */
export function observableSources(sightings: ReadonlyMap<string, SourceSighting>, truth: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const s of sightings.keys()) if (truth.has(s)) out.add(s);
  return out;
}

/** Time of the first datagram that carried a record from a true source to the target, if any. */
export function firstAttackDatagram(sightings: ReadonlyMap<string, SourceSighting>, truth: ReadonlySet<string>): number | undefined {
  let first = Number.POSITIVE_INFINITY;
  for (const [s, v] of sightings) if (truth.has(s) && v.firstDatagramMs < first) first = v.firstDatagramMs;
  return Number.isFinite(first) ? first : undefined;
}

/** Scores `listed` addresses against the true and the observable sources. */
export function scoreSources(listed: Iterable<string>, truth: ReadonlySet<string>, observable: ReadonlySet<string>): SourceScore {
  const seen = new Set<string>();
  let tp = 0;
  let tpObservable = 0;
  for (const a of listed) {
    if (seen.has(a)) continue;
    seen.add(a);
    if (truth.has(a)) tp++;
    if (observable.has(a)) tpObservable++;
  }
  const ratio = (a: number, b: number, empty: number): number => (b === 0 ? empty : a / b);
  return {
    truth: truth.size,
    observable: observable.size,
    listed: seen.size,
    truePositives: tp,
    recall: ratio(tp, truth.size, 1),
    recallObservable: ratio(tpObservable, observable.size, 1),
    precision: ratio(tp, seen.size, 1),
    observableFraction: ratio(observable.size, truth.size, 1),
  };
}

/**
 * Expected observable fraction when each of `sources` sources sends `packets / sources` packets
 * through 1-in-`samplingRate` sampling: 1 − e^(−p/N). Sources send unequal shares in practice,
 * which lowers it a little (Jensen); the measured fraction is reported beside it.
 */
export function expectedObservableFraction(packets: number, sources: number, samplingRate: number): number {
  if (sources <= 0) return 1;
  if (samplingRate <= 1) return 1;
  return 1 - Math.exp(-packets / sources / samplingRate);
}
