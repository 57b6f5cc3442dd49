/**
 * The contract between whatever produces decoded flow records (the collector, a replay) and the
 * parts that read them (detection, sightings, selection, statistics).
 *
 * Consumers are called synchronously with a batch and must not keep a reference to it after they
 * return: the batch is reused. A consumer that needs the records later copies what it needs.
 */
import type { ExporterCounters } from './decoder.js';
import type { FlowBatch } from './flow-batch.js';

/** One exporter a record's `exporter` column points at, as consumers may read it. */
export interface ExporterInfo {
  /** The value of the `exporter` column of this exporter's records. */
  readonly index: number;
  /** Canonical address text (dotted IPv4 or RFC 5952 IPv6). */
  readonly address: string;
  /** Decode failures and lost records of this exporter. */
  readonly counters: ExporterCounters;
}

/** The exporters behind the `exporter` column of a batch, read-only. */
export interface ExporterView {
  /** Number of exporters; every `exporter` value in a batch is below it. */
  readonly size: number;
  /** Address text of an exporter index; `"?"` when unknown. */
  addressOf(index: number): string;
  /** All exporters in index order. */
  all(): readonly ExporterInfo[];
}

/** Receives every batch of decoded records. */
export interface FlowConsumer {
  readonly name: string;
  /** Called synchronously; the batch is reused once this returns. */
  consume(batch: FlowBatch, exporters: ExporterView): void;
}
