/**
 * How long each exporter's traffic takes to reach the detector once placed in time: the settle
 * time of the seconds it fills. A second can be reported only when the records that add to it
 * have arrived; how long that takes is a property of the exporter — how often it sweeps its flow
 * cache, its active timeout when that is short, what is left of the inactive-timeout wait after
 * the export-delay shift, how far its clock and header precision leave records from their true
 * time — plus the collector's batching.
 *
 * Each part of a record that falls in one second counts its packets at its lag: receive time minus
 * the start of that part. Per exporter the packets are kept in a histogram of lags (decaying, a
 * half-life of about three seconds), and the exporter's lag is the one by which 99 % of its
 * recent packets had arrived. Packets, not records: a handful of long sessions among a flood of
 * single-packet records do not hold every report back, while an exporter whose flows are cut by
 * a one-second active timeout is waited for. Records that started longer ago than the longest
 * settle time the window allows are not counted: no settle time could complete the seconds they
 * cover (a flow cut by a 60 s active timeout), and a record later than that altogether is the
 * export delay's business (`exporter-clock.ts`).
 *
 * Pure: no I/O. The record path writes the histogram directly ({@link hist}, {@link binMs}).
 */

/** Bins of the lag histogram. */
const BINS = 81;
/** Share of an exporter's recent packets that must have arrived. */
const QUANTILE = 0.99;
/** Weight each second leaves of the past. */
const DECAY = 0.8;

/** Lag per exporter index. */
export class ExporterLag {
  /** Width of a histogram bin, ms. */
  readonly binMs: number;
  readonly bins = BINS;
  /** Packets by lag bin, `bins` per exporter (written by the record path). */
  hist = new Float64Array(16 * BINS);
  /** Lag (ms) by which {@link QUANTILE} of each exporter's recent packets had arrived. */
  lagMs = new Float64Array(16);
  #second = -1;

  /** @param maxLagMs the longest lag counted (the longest settle time). */
  constructor(maxLagMs: number) {
    this.binMs = Math.max(100, Math.ceil(maxLagMs / (BINS - 1)));
  }

  /** Makes room for exporter index `i`. */
  ensure(i: number): void {
    if (i < this.lagMs.length) return;
    const n = Math.max(i + 1, this.lagMs.length * 2);
    const lag = new Float64Array(n);
    lag.set(this.lagMs);
    this.lagMs = lag;
    const hist = new Float64Array(n * BINS);
    hist.set(this.hist);
    this.hist = hist;
  }

  /** Recomputes the lag of exporter `e` from its histogram as it stands (after a batch). */
  refresh(e: number): void {
    this.lagMs[e] = this.#quantile(e * BINS);
  }

  /** At the start of second `second` (epoch seconds): decays the histograms and recomputes the lags. */
  advance(second: number): void {
    const prev = this.#second;
    if (second <= prev) return;
    this.#second = second;
    // After a minute without a second closed, nothing of before is recent.
    const decay = prev < 0 ? 1 : second - prev >= 60 ? 0 : DECAY ** (second - prev);
    const h = this.hist;
    for (let e = 0; e < this.lagMs.length; e++) {
      const o = e * BINS;
      for (let b = 0; b < BINS; b++) h[o + b]! *= decay;
      this.lagMs[e] = this.#quantile(o);
    }
  }

  /** The lag by which {@link QUANTILE} of the packets in the histogram at `o` arrived; 0 when empty. */
  #quantile(o: number): number {
    const h = this.hist;
    let total = 0;
    for (let b = 0; b < BINS; b++) total += h[o + b]!;
    if (!(total > 1e-9)) return 0;
    let acc = 0;
    let b = 0;
    for (; b < BINS - 1; b++) {
      acc += h[o + b]!;
      if (acc >= total * QUANTILE) break;
    }
    // The bin's upper edge, just below the next whole bin: lags are never understated.
    return (b + 1) * this.binMs - 1;
  }
}
