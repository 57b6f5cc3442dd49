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

/** Per-second minimum lateness values within this of each other count as the same delay. */
const DELAY_STABLE_WITHIN_MS = 2000;
/** Seconds a lateness must stay stable before it is adopted as the exporter's export delay. */
const DELAY_ADOPT_AFTER_SECONDS = 3;

/**
 * Export delay per exporter: how late its records arrive after they end. NetFlow and IPFIX
 * exporters send a flow that has gone quiet only after their inactive timeout (commonly 15 s), so
 * every short flow — each packet of a spoofed flood or a reflection attack — arrives that much
 * after its end, beyond the rate window. Late records are moved forward by the exporter's delay so
 * they count when the information arrives, with their own duration kept.
 *
 * The delay is one constant per exporter, adopted only once the smallest lateness of each second
 * has stayed within 2 s of the same value for 3 s — the signature of an inactive timeout. A backlog
 * delivered after an outage has lateness falling fast and is never adopted; and because the shift is
 * constant, records are never squeezed together: traffic keeps its own spacing in time.
 */
export class ExportDelay {
  /** Adopted delay per exporter, ms (0: none). */
  delay = new Float64Array(16);
  /** Delays adopted or changed so far. */
  adoptions = 0;
  #secondMin = new Float64Array(16).fill(Infinity);
  #candidate = new Float64Array(16).fill(NaN);
  #runMin = new Float64Array(16);
  #since = new Float64Array(16);
  #observed = new Int32Array(16);
  #observedCount = 0;
  #isObserved = new Uint8Array(16);
  #second = -1;

  ensure(i: number): void {
    if (i < this.delay.length) return;
    const n = Math.max(i + 1, this.delay.length * 2);
    const grow = (a: Float64Array, fill: number): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n).fill(fill);
      b.set(a);
      return b;
    };
    this.delay = grow(this.delay, 0);
    this.#secondMin = grow(this.#secondMin, Infinity);
    this.#candidate = grow(this.#candidate, NaN);
    this.#runMin = grow(this.#runMin, 0);
    this.#since = grow(this.#since, 0);
    const o = new Uint8Array(n);
    o.set(this.#isObserved);
    this.#isObserved = o;
  }

  /** Notes that a record of exporter `e` arrived `lateness` ms after its end (late ones only). */
  observe(e: number, lateness: number): void {
    if (lateness < this.#secondMin[e]!) this.#secondMin[e] = lateness;
    if (this.#isObserved[e] === 0) {
      this.#isObserved[e] = 1;
      if (this.#observedCount === this.#observed.length) {
        const t = new Int32Array(this.#observedCount * 2);
        t.set(this.#observed);
        this.#observed = t;
      }
      this.#observed[this.#observedCount++] = e;
    }
  }

  /**
   * Closes the seconds before `second` (epoch seconds): each observed exporter's smallest lateness
   * of the closed second extends or restarts its stable run; a run stable long enough is adopted.
   */
  advance(second: number): void {
    if (second <= this.#second) return;
    this.#second = second;
    for (let k = 0; k < this.#observedCount; k++) {
      const e = this.#observed[k]!;
      this.#isObserved[e] = 0;
      const m = this.#secondMin[e]!;
      this.#secondMin[e] = Infinity;
      const c = this.#candidate[e]!;
      if (!Number.isNaN(c) && Math.abs(m - c) <= DELAY_STABLE_WITHIN_MS) {
        if (m < this.#runMin[e]!) this.#runMin[e] = m;
        if (second - this.#since[e]! >= DELAY_ADOPT_AFTER_SECONDS && this.delay[e] !== this.#runMin[e]) {
          this.delay[e] = this.#runMin[e]!;
          this.adoptions++;
        }
      } else {
        this.#candidate[e] = m;
        this.#runMin[e] = m;
        this.#since[e] = second;
      }
    }
    this.#observedCount = 0;
  }
}
