/**
 * Sequence-number bookkeeping shared by the decoders. Every export format numbers something —
 * flows (NetFlow v5), export packets (NetFlow v9), data records (IPFIX), datagrams and samples
 * (sFlow) — modulo 2^32; a jump ahead is loss, a jump back is an exporter restart or reordering.
 *
 * Pure: no I/O.
 */
import type { ExporterCounters } from './decoder.js';

/**
 * Compares a received sequence number with the expected one and updates the counters: a gap
 * counts one discontinuity and `gap × recordsPerUnit` lost records; a step backwards counts a
 * reset (never loss). Differences are taken modulo 2^32 as a signed 32-bit value, so wrap-around
 * is continuity, not a reset.
 * @returns the signed difference `received − expected` (0 when in order).
 */
export function checkSequence(counters: ExporterCounters, expected: number, received: number, recordsPerUnit: number): number {
  const diff = (received - expected) | 0;
  if (diff > 0) {
    counters.sequenceGaps++;
    counters.lostRecords += diff * recordsPerUnit;
  } else if (diff < 0) {
    counters.sequenceResets++;
  }
  return diff;
}
