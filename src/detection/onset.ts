/**
 * When an attack on one target began, and how fast it is going, at the moment it is detected —
 * before a single second of it is complete.
 *
 * Each bucket holds, besides its counts, the first two moments in time of its packets (see
 * `Placement`). Over the seconds from the first one of the rise (at most two before the crossing)
 * to now, the target's ordinary traffic (its median rate over the earlier seconds of the ring) is
 * taken away; what is left is
 * the attack. Taking the attack as steady from its onset `o` to the end `e` of what has arrived —
 * a uniform distribution in time — its mean is (o + e) / 2 and its variance (e − o)² / 12, so
 * `o = mean − √(3·variance)` and `e = mean + √(3·variance)`, to the millisecond and from the
 * records' own times: it does not depend on when the records happened to arrive, nor on `e` being
 * now (an exporter's records trail the clock by its export lag).
 *
 * The rate follows: the traffic since the onset over the time it covers, `e − o` — the best
 * estimate there is until a whole second is in; `coveredMs` says how much it rests on. When the
 * moments do not describe a rise (no excess over ordinary traffic), the onset is the start of the
 * crossing second and the rate the sliding one-second estimate.
 *
 * Pure: no I/O; runs once per detection, not per record.
 */
import type { EngineState } from './engine-state.js';
import { blendBucket } from './rate-math.js';
import { MOMENT1, MOMENT2, SERIES } from './traffic-class.js';

/** Seconds before the crossing second that the onset is looked for in. */
const LOOK_BACK = 2;
/** A second belongs to the rise when its excess rate reaches this fraction of the largest. */
const RISE_FRACTION = 0.05;
/** The shortest coverage a rate is extrapolated from (shorter: the rate over this much). */
const MIN_COVER_S = 0.05;

/** The result of {@link OnsetEstimator.estimate}, reused. */
export class OnsetEstimator {
  /** Onset, ms, in the engine's (placed) timeline. */
  onsetMs = 0;
  /** Time since the onset that the estimate covers, ms. */
  coveredMs = 0;
  /** Estimated rates of every series. */
  readonly rates = new Float64Array(SERIES);
  readonly #ordinary = new Float64Array(SERIES);
  readonly #seconds: number[] = [];
  readonly #values: number[] = [];

  /**
   * Estimates onset and rates for the target whose ring is `data` at `base`, which crossed in
   * second `crossed`, at engine time `nowMs`; `prevWeight` is the sliding weight of the fallback.
   */
  estimate(st: EngineState, data: Float32Array, base: number, crossed: number, nowMs: number, prevWeight: number): void {
    const S = st.second;
    const from = Math.max(crossed - LOOK_BACK, S - st.window + 2);
    this.#ordinaryRates(st, data, base, from);
    const B = this.#ordinary;
    const t0 = this.#riseSecond(st, data, base, from, nowMs);
    // The span [t0, now] in seconds, and the attack's packets and moments over it, relative to t0.
    const E = Math.max(0, (nowMs - t0 * 1000) / 1000);
    let C = 0;
    let M1 = 0;
    let M2 = 0;
    for (let t = t0; t <= S; t++) {
      const o = base + st.bucket(t);
      const p = data[o]!;
      const m1 = data[o + MOMENT1]!;
      const k = t - t0;
      C += p;
      M1 += m1 + k * p;
      M2 += data[o + MOMENT2]! + 2 * k * m1 + k * k * p;
    }
    // Without the ordinary traffic when taking it away leaves no rise (sparse sampled traffic).
    let b = B[0]!;
    let fit = this.#fit(C, M1, M2, b, E);
    if (!fit && b > 0) {
      B.fill(0);
      b = 0;
      fit = this.#fit(C, M1, M2, b, E);
    }
    if (!fit) {
      this.#fallback(st, data, base, crossed, nowMs, prevWeight);
      return;
    }
    const mean = this.#mean;
    const variance = this.#variance;
    const half = Math.sqrt(Math.max(0, 3 * variance));
    const o = Math.min(Math.max(0, mean - half), E);
    const e = Math.min(Math.max(o, mean + half), E);
    this.onsetMs = (t0 + o) * 1000;
    const cover = Math.max(e - o, MIN_COVER_S);
    this.coveredMs = (e - o) * 1000;
    for (let k = 0; k < SERIES; k++) {
      let total = 0;
      for (let t = t0; t <= S; t++) total += data[base + st.bucket(t) + k]!;
      const attack = total - B[k]! * E;
      this.rates[k] = Math.max(0, B[k]! + attack / cover);
    }
  }

  #mean = 0;
  #variance = 0;

  /**
   * The first second from `from` on whose excess over ordinary traffic reaches a twentieth of the
   * largest excess rate since: where the rise begins. Seconds before it are ordinary traffic and
   * stay out of the moments, where their noise, far from the rise, would weigh heavily.
   */
  #riseSecond(st: EngineState, data: Float32Array, base: number, from: number, nowMs: number): number {
    const S = st.second;
    const b = this.#ordinary[0]!;
    const rate = (t: number): number => {
      const dur = t < S ? 1 : Math.max(0.001, (nowMs - S * 1000) / 1000);
      return (data[base + st.bucket(t)]! - b * dur) / dur;
    };
    let peak = 0;
    for (let t = from; t <= S; t++) peak = Math.max(peak, rate(t));
    for (let t = from; t < S; t++) if (rate(t) > peak * RISE_FRACTION) return t;
    return S;
  }

  /** Moments of the attack (total minus `b` packets a second over `[0, E]`); false when they describe no rise. */
  #fit(C: number, M1: number, M2: number, b: number, E: number): boolean {
    const A = C - b * E;
    if (!(A > 0)) return false;
    this.#mean = (M1 - (b * E * E) / 2) / A;
    this.#variance = (M2 - (b * E * E * E) / 3) / A - this.#mean * this.#mean;
    return this.#mean >= 0 && this.#variance > 0;
  }

  /**
   * The target's ordinary traffic: per series, the median of the ring's seconds before `t0` from
   * the first with traffic on (seconds before an address was first seen say nothing of it; a
   * median, so that a second only partly seen does not pull it down).
   */
  #ordinaryRates(st: EngineState, data: Float32Array, base: number, t0: number): void {
    const B = this.#ordinary;
    const seconds = this.#seconds;
    seconds.length = 0;
    for (let t = st.second - st.window + 2; t < t0; t++) if (seconds.length > 0 || data[base + st.bucket(t)]! > 0) seconds.push(base + st.bucket(t));
    const values = this.#values;
    for (let k = 0; k < SERIES; k++) {
      values.length = seconds.length;
      for (let i = 0; i < seconds.length; i++) values[i] = data[seconds[i]! + k]!;
      values.sort((a, b) => a - b);
      const m = values.length >> 1;
      B[k] = values.length === 0 ? 0 : values.length % 2 === 1 ? values[m]! : (values[m - 1]! + values[m]!) / 2;
    }
  }

  #fallback(st: EngineState, data: Float32Array, base: number, crossed: number, nowMs: number, prevWeight: number): void {
    this.onsetMs = crossed * 1000;
    this.coveredMs = Math.min(1000, Math.max(0, nowMs - crossed * 1000));
    const prev = crossed === st.second ? base + st.bucket(crossed - 1) : -1;
    blendBucket(data, base + st.bucket(crossed), prev, prevWeight, this.rates);
  }
}
