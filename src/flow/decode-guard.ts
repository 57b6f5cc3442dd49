/**
 * The last line of defence at every decoder's `decode` boundary. Decoders are written never to
 * throw on datagram content (every read is bounds-checked first); should one throw anyway, the
 * exception is caught here, counted as {@link DecodeError.Other} on the exporter, and remembered
 * in {@link decodeGuard} so that the fuzzer and the tests can prove it never happens.
 *
 * Pure: no I/O.
 */
import { DecodeError, type ExporterCounters } from './decoder.js';

/** Exceptions caught at decoder boundaries since the process started (should stay 0). */
export const decodeGuard: { caught: number; last: unknown } = { caught: 0, last: undefined };

/** Counts an exception that escaped a decoder's checks. */
export function caughtException(counters: ExporterCounters, e: unknown): void {
  counters.error(DecodeError.Other);
  decodeGuard.caught++;
  decodeGuard.last = e;
}
