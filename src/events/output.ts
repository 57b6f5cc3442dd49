/**
 * The shape every event output has (JSON lines, exec hook, webhook): it accepts bus messages
 * without ever waiting — queueing or dropping, never blocking the bus — and counts what happened.
 */
import type { BusMessage } from '../bus/bus.js';

/** Why an event was not delivered without being attempted. */
export type DropReason = 'queue_full' | 'shutdown';

/** Counters of one output, read by the metrics at scrape time. */
export interface OutputCounters {
  /** Events delivered (written, hook exited 0, webhook answered 2xx). */
  delivered: number;
  /** Events whose delivery failed for good (hook failed or timed out, webhook gave up). */
  failed: number;
  /** Webhook attempts repeated after a retryable failure. */
  retries: number;
  dropped: Record<DropReason, number>;
}

/** Fresh zeroed counters. */
export function newCounters(): OutputCounters {
  return { delivered: 0, failed: 0, retries: 0, dropped: { queue_full: 0, shutdown: 0 } };
}

/** One event output. */
export interface EventOutput {
  readonly name: 'file' | 'exec' | 'webhook';
  /** Subject patterns it takes. */
  readonly subjects: readonly string[];
  readonly counters: OutputCounters;
  /** Takes one event; returns at once. */
  accept(message: BusMessage, json: string): void;
  /** Events waiting or in progress. */
  pending(): number;
  /** Resolves once everything accepted so far is delivered or has failed. */
  flush(): Promise<void>;
  /** Stops taking events, gives queued ones until `deadline` (ms since epoch), then drops the rest. */
  close(deadline: number): Promise<void>;
}
