/**
 * Test helper: the exporters behind a batch's `exporter` column, for `FlowConsumer.consume` calls
 * in tests of consumers that do not run a collector.
 */
import type { ExporterInfo, ExporterView } from '../consumer.js';
import { ExporterCounters } from '../decoder.js';

/** Exporters added one by one; each gets the next index. */
export class TestExporters implements ExporterView {
  readonly #all: ExporterInfo[] = [];

  /** Adds an exporter with this (canonical) address and returns it. */
  add(address: string): ExporterInfo {
    const info: ExporterInfo = { index: this.#all.length, address, counters: new ExporterCounters() };
    this.#all.push(info);
    return info;
  }

  addressOf(index: number): string {
    return this.#all[index]?.address ?? '?';
  }

  all(): readonly ExporterInfo[] {
    return this.#all;
  }

  get size(): number {
    return this.#all.length;
  }
}
