/**
 * Per-second traffic rates of every protected network for the last hour (configurable), by
 * protocol class, for the console's live board — fed once a second from detection's read port
 * (the engine's own per-network rings), so the chart shows exactly the true rates detection judges (sampling
 * renormalised, long flows spread over the seconds they lasted, exporter clocks corrected).
 *
 * The engine keeps the last `windowSeconds` seconds of each network's aggregate open, because
 * late records still add to them. Each tick copies every complete second of that window into the
 * history, so a second's figure keeps improving until it leaves the window and is final from then
 * on. Series are allocated per network on its first non-zero second: ~56 B per network-second.
 *
 * Listeners (the SSE stream) get the latest complete second once per tick.
 */
import type { Component } from '../../core/component.js';
import type { Clock } from '../../core/clock.js';
import { RATES_PER_SECOND, type DetectionReadPort } from '../../detection/read-port.js';
import { CLASS_NAMES, type ClassName } from '../../detection/traffic-class.js';

/** What the history reads of detection: the per-second network rates of its read port. */
export type RateSource = Pick<DetectionReadPort, 'networkRates'>;

/** Numbers kept per network-second: pps and bps of each class, as the read port copies them. */
const PER_SECOND = RATES_PER_SECOND;

/** Rates of one network in one second, by class. */
export interface SecondRates {
  readonly networkId: string;
  readonly pps: Record<ClassName, number>;
  readonly bps: Record<ClassName, number>;
}

/** A network's series over `[from, to)` (ms), one value per second per class. */
export interface RateSeries {
  readonly from: number;
  readonly to: number;
  readonly pps: Partial<Record<ClassName, number[]>>;
  readonly bps: Partial<Record<ClassName, number[]>>;
}

/** The rate history component. */
export class RateHistory implements Component {
  readonly name = 'rate-history';
  readonly #source: RateSource;
  readonly #clock: Clock;
  readonly #size: number;
  readonly #series = new Map<string, Float32Array>();
  /** Absolute second each ring slot holds, shared by all networks. */
  readonly #slotSecond: Float64Array;
  /** One network-second, to see whether a network without a series has traffic yet. */
  readonly #scratch = new Float32Array(PER_SECOND);
  readonly #listeners = new Set<(second: number, rates: readonly SecondRates[]) => void>();
  #timer: NodeJS.Timeout | undefined;
  /** Latest complete second copied. */
  #latest = -1;

  constructor(config: { historySeconds: number }, deps: { clock: Clock; source: RateSource }) {
    this.#size = config.historySeconds;
    this.#source = deps.source;
    this.#clock = deps.clock;
    this.#slotSecond = new Float64Array(this.#size).fill(-1);
  }

  /** Latest complete second (epoch seconds), or -1 before the first tick. */
  get latestSecond(): number {
    return this.#latest;
  }

  /** Copies detection's open window into the history and tells listeners about the newest complete second. */
  tick(): void {
    const w = this.#source.networkRates();
    const last = w.last;
    const first = Math.max(w.first, last - this.#size + 1);
    for (let s = first; s <= last; s++) this.#claim(s);
    const ids = w.networkIds;
    const scratch = this.#scratch;
    for (let n = 0; n < ids.length; n++) {
      let series = this.#series.get(ids[n]!);
      for (let s = first; s <= last; s++) {
        const o = (s % this.#size) * PER_SECOND;
        if (series === undefined) {
          // Allocate a network's series on its first second with traffic.
          w.copy(n, s, scratch, 0);
          if (scratch[0]! === 0) continue;
          series = new Float32Array(this.#size * PER_SECOND);
          this.#series.set(ids[n]!, series);
        }
        w.copy(n, s, series, o);
      }
    }
    if (last > this.#latest) {
      this.#latest = last;
      if (this.#listeners.size > 0) {
        const rates = this.secondRates(last, ids);
        for (const l of this.#listeners) l(last, rates);
      }
    }
  }

  /** Makes slot of second `s` hold `s`, clearing what an older second left in it. */
  #claim(s: number): void {
    const slot = s % this.#size;
    if (this.#slotSecond[slot] === s) return;
    this.#slotSecond[slot] = s;
    const o = slot * PER_SECOND;
    for (const series of this.#series.values()) series.fill(0, o, o + PER_SECOND);
  }

  /** Rates of the given networks in second `s` (zeros where nothing is known). */
  secondRates(s: number, networkIds: readonly string[]): SecondRates[] {
    const held = s >= 0 && this.#slotSecond[s % this.#size] === s;
    const o = (s % this.#size) * PER_SECOND;
    return networkIds.map((id) => {
      const series = held ? this.#series.get(id) : undefined;
      const pps = {} as Record<ClassName, number>;
      const bps = {} as Record<ClassName, number>;
      CLASS_NAMES.forEach((c, i) => {
        pps[c] = series === undefined ? 0 : series[o + i * 2]!;
        bps[c] = series === undefined ? 0 : series[o + i * 2 + 1]!;
      });
      return { networkId: id, pps, bps };
    });
  }

  /** The last `seconds` complete seconds of a network, for the given classes. */
  series(networkId: string, seconds: number, classes: readonly ClassName[] = CLASS_NAMES): RateSeries {
    const last = this.#latest >= 0 ? this.#latest : Math.floor(this.#clock.now() / 1000) - 1;
    const n = Math.max(1, Math.min(seconds, this.#size));
    const firstSecond = last - n + 1;
    const series = this.#series.get(networkId);
    const pps: Partial<Record<ClassName, number[]>> = {};
    const bps: Partial<Record<ClassName, number[]>> = {};
    for (const c of classes) {
      const ci = CLASS_NAMES.indexOf(c);
      const p = new Array<number>(n).fill(0);
      const b = new Array<number>(n).fill(0);
      if (series !== undefined) {
        for (let k = 0; k < n; k++) {
          const s = firstSecond + k;
          const slot = s % this.#size;
          if (s < 0 || this.#slotSecond[slot] !== s) continue;
          // Float32 in the ring; round to whole packets/bits per second for compact JSON.
          p[k] = Math.round(series[slot * PER_SECOND + ci * 2]!);
          b[k] = Math.round(series[slot * PER_SECOND + ci * 2 + 1]!);
        }
      }
      pps[c] = p;
      bps[c] = b;
    }
    return { from: firstSecond * 1000, to: (last + 1) * 1000, pps, bps };
  }

  /** Subscribes to each new complete second; returns the unsubscribe function. */
  onSecond(listener: (second: number, rates: readonly SecondRates[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.#timer = setInterval(() => this.tick(), 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }
}
