/**
 * Automatic selection of communications information, as a collector {@link FlowConsumer}: flows
 * whose source and destination are both domestic are erased from the batch before any other
 * consumer (detection, statistics, storage) sees it. Only traffic that touches a foreign address
 * — the traffic crossing the country's international links — goes on.
 *
 * Security invariants enforced here:
 * - the filter must be the collector's first consumer (add it before any other); it compacts the
 *   batch in place, so later consumers never see an erased record, and no human ever does;
 * - only mechanical fields exist in a {@link FlowBatch} (addresses, ports, protocol, flags,
 *   counters, times): payload bytes are dropped at decode, so nothing more has to be erased here;
 * - the filter keeps no copy of any record, only counts of kept and erased records per exporter,
 *   which the recorder writes to the audit log as evidence.
 *
 * Hot path: two table look-ups per record and one compaction per batch over typed arrays.
 */
import type { ExporterView, FlowConsumer } from '../../flow/consumer.js';
import type { FlowBatch } from '../../flow/flow-batch.js';
import { compactBatch } from './compact.js';
import type { DomesticSet } from './domestic-set.js';

/** Kept and erased records of one exporter since the last drain. */
export interface SelectionCount {
  /** Exporter index (the `exporter` column). */
  readonly exporter: number;
  /** The exporter's address (canonical text), or `"?"` when the collector no longer knows it. */
  readonly address: string;
  readonly kept: number;
  readonly erased: number;
}

/** The selection filter. */
export class SelectionFilter implements FlowConsumer {
  readonly name = 'automatic-selection';
  readonly #set: DomesticSet;
  #keep = new Int32Array(0);
  #kept = new Float64Array(64);
  #erased = new Float64Array(64);
  #exporters: ExporterView | undefined;
  /** Totals since creation, for metrics. */
  keptTotal = 0;
  erasedTotal = 0;

  constructor(set: DomesticSet) {
    this.#set = set;
  }

  /** Erases domestic-to-domestic records from `batch`, in place. */
  consume(batch: FlowBatch, exporters: ExporterView): void {
    this.#exporters = exporters;
    const n = batch.length;
    if (this.#keep.length < n) this.#keep = new Int32Array(batch.capacity);
    const keep = this.#keep;
    const set = this.#set;
    const src = batch.srcAddr;
    const dst = batch.dstAddr;
    const ex = batch.exporter;
    let kept = this.#kept;
    let erased = this.#erased;
    let count = 0;
    let firstDropped = -1;
    for (let i = 0; i < n; i++) {
      const e = ex[i]!;
      if (e >= kept.length) {
        this.#grow(e);
        kept = this.#kept;
        erased = this.#erased;
      }
      if (set.hasAt(src, i) && set.hasAt(dst, i)) {
        erased[e]!++;
        if (firstDropped < 0) firstDropped = i;
      } else {
        kept[e]!++;
        keep[count++] = i;
      }
    }
    this.keptTotal += count;
    this.erasedTotal += n - count;
    if (firstDropped >= 0) compactBatch(batch, keep, firstDropped, count);
  }

  #grow(index: number): void {
    let size = this.#kept.length;
    while (size <= index) size *= 2;
    const kept = new Float64Array(size);
    const erased = new Float64Array(size);
    kept.set(this.#kept);
    erased.set(this.#erased);
    this.#kept = kept;
    this.#erased = erased;
  }

  /** Returns the counts since the last drain (exporters with any record) and resets them. */
  drain(): SelectionCount[] {
    const out: SelectionCount[] = [];
    for (let e = 0; e < this.#kept.length; e++) {
      const kept = this.#kept[e]!;
      const erased = this.#erased[e]!;
      if (kept === 0 && erased === 0) continue;
      out.push({ exporter: e, address: this.#exporters?.addressOf(e) ?? '?', kept, erased });
    }
    this.#kept.fill(0);
    this.#erased.fill(0);
    return out;
  }

  /** Adds counts back (a failed write is retried with the next period's). */
  restore(counts: readonly SelectionCount[]): void {
    for (const c of counts) {
      if (c.exporter >= this.#kept.length) this.#grow(c.exporter);
      this.#kept[c.exporter]! += c.kept;
      this.#erased[c.exporter]! += c.erased;
    }
  }
}
