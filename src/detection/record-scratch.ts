/**
 * Scratch state passed from the record path to the evidence pass and the attack tracker: what
 * each record of the current batch was attributed to, and which entities crossed a threshold.
 * Reused from batch to batch; grows only with the batch capacity.
 *
 * Pure: no I/O.
 */

/** Per-record results of the record path. */
export class RecordScratch {
  capacity = 0;
  /** Host slot of the destination, or -1 (also for records not counted). */
  host = new Int32Array(0);
  /** Protected network of the destination, or -1. */
  net = new Int32Array(0);
  /** Outbound slot of the source, or -1. */
  out = new Int32Array(0);
  /** Protected network of the source, or -1. */
  srcNet = new Int32Array(0);
  /** Fraction of the record's counts that fell inside the window. */
  share = new Float32Array(0);
  /** Corrected end time, ms. */
  time = new Float64Array(0);
  /** Whole milliseconds the record was moved forward by its exporter's export delay (0 when not). */
  shift = new Float64Array(0);

  /** Makes room for `n` records. */
  ensure(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = n;
    this.host = new Int32Array(n);
    this.net = new Int32Array(n);
    this.out = new Int32Array(n);
    this.srcNet = new Int32Array(n);
    this.share = new Float32Array(n);
    this.time = new Float64Array(n);
    this.shift = new Float64Array(n);
  }
}

/** Entities of one kind whose rate crossed a threshold during a batch, each listed once. */
export class CrossingList {
  readonly entities: number[] = [];
  /** Series that crossed, per entity. */
  readonly series: number[] = [];
  /** Second of the bucket that crossed, per entity. */
  readonly seconds: number[] = [];
  /** Export-delay shift (ms) of the record that crossed, per entity. */
  readonly shifts: number[] = [];
  flag = new Uint8Array(0);

  /** True when the entity already crossed in this batch. */
  has(entity: number): boolean {
    return this.flag[entity] === 1;
  }

  /** Records that `entity` crossed on `series` in bucket second `second`, on a record shifted by `shiftMs`. */
  add(entity: number, series: number, second: number, shiftMs: number): void {
    this.flag[entity] = 1;
    this.entities.push(entity);
    this.series.push(series);
    this.seconds.push(second);
    this.shifts.push(shiftMs);
  }

  /** Sizes the flags for `n` entities and forgets the previous batch. */
  reset(n: number): void {
    if (this.flag.length < n) this.flag = new Uint8Array(n);
    for (const e of this.entities) this.flag[e] = 0;
    this.entities.length = this.series.length = this.seconds.length = this.shifts.length = 0;
  }
}

/** Threshold crossings of a batch: hosts, prefixes (network indices) and outbound sources. */
export class Crossings {
  readonly hosts = new CrossingList();
  readonly prefixes = new CrossingList();
  readonly outs = new CrossingList();

  /** Sizes the lists for the tables' capacities and forgets the previous batch. */
  reset(hosts: number, prefixes: number, outs: number): void {
    this.hosts.reset(hosts);
    this.prefixes.reset(prefixes);
    this.outs.reset(outs);
  }
}
