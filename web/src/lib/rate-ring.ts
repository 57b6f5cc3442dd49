/**
 * The last hour of one network's rates at one-second resolution, in ring buffers: a pps and a
 * bps series per protocol class. Seconds arrive from the history request and then one per
 * `rates` event; a second that never arrived reads as NaN (a gap in the chart), and a second
 * that arrives again (late records made it grow) overwrites the earlier value.
 *
 * Pure: no DOM, no I/O.
 */
import { CLASS_NAMES, type ClassName } from '../api/types.js';

/** Which figure of a class. */
export type RateMetric = 'pps' | 'bps';

/** One network's rate history. */
export class RateRing {
  readonly capacity: number;
  readonly step: number;
  #seconds: Float64Array;
  #values: Float64Array;
  #latest = -Infinity;
  #out = new Map<string, Float64Array>();

  constructor(capacity = 3600, step = 1000) {
    this.capacity = capacity;
    this.step = step;
    this.#seconds = new Float64Array(capacity).fill(NaN);
    this.#values = new Float64Array(capacity * CLASS_NAMES.length * 2);
  }

  /** Start of the latest second held, ms (−Infinity when empty). */
  get latest(): number {
    return this.#latest;
  }

  #slot(second: number): number {
    const k = Math.floor(second / this.step) % this.capacity;
    return k < 0 ? k + this.capacity : k;
  }

  /** Stores one second; values of classes not given are 0. Seconds older than the window are ignored. */
  put(second: number, pps: Partial<Record<ClassName, number>>, bps: Partial<Record<ClassName, number>>): void {
    if (second <= this.#latest - this.capacity * this.step) return;
    const s = this.#slot(second);
    this.#seconds[s] = second;
    const base = s * CLASS_NAMES.length * 2;
    for (let c = 0; c < CLASS_NAMES.length; c++) {
      const name = CLASS_NAMES[c]!;
      this.#values[base + c * 2] = pps[name] ?? 0;
      this.#values[base + c * 2 + 1] = bps[name] ?? 0;
    }
    if (second > this.#latest) this.#latest = second;
  }

  /** Stores a history answer: aligned series from `from`, one value per `step` (missing classes read 0). */
  load(from: number, pps: Partial<Record<ClassName, readonly number[]>>, bps: Partial<Record<ClassName, readonly number[]>>): void {
    const n = Math.max(0, ...CLASS_NAMES.map((c) => Math.max(pps[c]?.length ?? 0, bps[c]?.length ?? 0)));
    const last = from + (n - 1) * this.step;
    // Only the newest `capacity` seconds can be held; written straight into the buffers (an hour is 3600 × 14 values).
    const first = Math.max(0, n - this.capacity);
    const oldest = Math.max(this.#latest, last) - this.capacity * this.step;
    for (let i = first; i < n; i++) {
      const t = from + i * this.step;
      // Never overwrite a newer second that shares the slot.
      if (t <= oldest) continue;
      const s = this.#slot(t);
      this.#seconds[s] = t;
      const base = s * CLASS_NAMES.length * 2;
      for (let c = 0; c < CLASS_NAMES.length; c++) {
        const name = CLASS_NAMES[c]!;
        this.#values[base + c * 2] = pps[name]?.[i] ?? 0;
        this.#values[base + c * 2 + 1] = bps[name]?.[i] ?? 0;
      }
    }
    if (n > 0 && last > this.#latest) this.#latest = last;
  }

  /** The value of one second, or NaN when that second is not held. */
  at(second: number, cls: ClassName, metric: RateMetric): number {
    const s = this.#slot(second);
    if (this.#seconds[s] !== second) return NaN;
    return this.#values[s * CLASS_NAMES.length * 2 + CLASS_NAMES.indexOf(cls) * 2 + (metric === 'pps' ? 0 : 1)]!;
  }

  /** Start of the oldest second held with any traffic, or NaN when there is none. */
  firstActive(): number {
    const start = this.windowStart();
    if (!Number.isFinite(start)) return NaN;
    for (let i = 0; i < this.capacity; i++) {
      const t = start + i * this.step;
      if (this.at(t, 'total', 'pps') > 0) return t;
    }
    return NaN;
  }

  /** Start of the first second of {@link series} (the window ends at the latest second). */
  windowStart(): number {
    return this.#latest - (this.capacity - 1) * this.step;
  }

  /**
   * The window as one array per series, oldest first, ending at the latest second. The array is
   * reused between calls for the same series (the chart redraws from it every second).
   */
  series(cls: ClassName, metric: RateMetric): Float64Array {
    const key = `${cls}/${metric}`;
    let out = this.#out.get(key);
    if (out === undefined) {
      out = new Float64Array(this.capacity);
      this.#out.set(key, out);
    }
    const start = this.windowStart();
    for (let i = 0; i < this.capacity; i++) out[i] = Number.isFinite(start) ? this.at(start + i * this.step, cls, metric) : NaN;
    return out;
  }
}
