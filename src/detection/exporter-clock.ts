/**
 * Per-exporter clock correction. Flow records carry the exporter's idea of time; a router whose
 * clock lags by minutes would otherwise have every record fall outside the detection window.
 *
 * For each batch, the newest record end of each exporter is compared with the detector's clock.
 * A lag beyond the window is adopted as that exporter's offset only once it has stayed within two
 * seconds of the same value for five seconds: a wrong clock lags steadily, while a backlog being
 * delivered after an outage lags less with every batch — adopting that would squeeze minutes of
 * traffic into seconds and create an attack that never happened. Until adopted, such records fall
 * out of the window and are counted as late. Records ahead of the clock are handled per record by
 * the engine (shifted back to end now, keeping their duration).
 *
 * Pure: no I/O.
 */

/** Lag values within this of each other count as the same lag. */
const STABLE_WITHIN_MS = 2000;
/** How long a lag must stay stable before it is adopted. */
const ADOPT_AFTER_MS = 5000;

/** Offsets per exporter index. */
export class ExporterClock {
  /** Milliseconds added to each record time of an exporter. */
  offset = new Float64Array(16);
  /** Newest record end per exporter in the current batch (scratch). */
  newest = new Float64Array(16).fill(-Infinity);
  #candidate = new Float64Array(16).fill(NaN);
  #since = new Float64Array(16);
  /** Offsets adopted (or dropped) so far. */
  adjustments = 0;
  readonly #pastToleranceMs: number;
  readonly #futureToleranceMs: number;

  constructor(pastToleranceMs: number, futureToleranceMs: number) {
    this.#pastToleranceMs = pastToleranceMs;
    this.#futureToleranceMs = futureToleranceMs;
  }

  /** Makes room for exporter index `i`. */
  ensure(i: number): void {
    if (i < this.offset.length) return;
    const n = Math.max(i + 1, this.offset.length * 2);
    const grow = (a: Float64Array, fill: number): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n).fill(fill);
      b.set(a);
      return b;
    };
    this.offset = grow(this.offset, 0);
    this.newest = grow(this.newest, -Infinity);
    this.#candidate = grow(this.#candidate, NaN);
    this.#since = grow(this.#since, 0);
  }

  /**
   * Reviews the offsets of the exporters that had records in this batch (`newest` filled by the
   * caller for `touched`), then resets `newest` for them.
   */
  review(touched: Int32Array, count: number, nowMs: number): void {
    for (let t = 0; t < count; t++) {
      const e = touched[t]!;
      const lag = nowMs - this.newest[e]!;
      this.newest[e] = -Infinity;
      const residual = lag - this.offset[e]!;
      if (residual <= this.#pastToleranceMs && residual >= -this.#futureToleranceMs) {
        this.#candidate[e] = NaN;
        continue;
      }
      const c = this.#candidate[e]!;
      if (!Number.isNaN(c) && Math.abs(lag - c) <= STABLE_WITHIN_MS) {
        if (nowMs - this.#since[e]! >= ADOPT_AFTER_MS) {
          // A lag within tolerance needs no correction at all.
          this.offset[e] = lag <= this.#pastToleranceMs && lag >= -this.#futureToleranceMs ? 0 : lag;
          this.#candidate[e] = NaN;
          this.adjustments++;
        }
      } else {
        this.#candidate[e] = lag;
        this.#since[e] = nowMs;
      }
    }
  }
}
