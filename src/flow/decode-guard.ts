/**
 * What every decoder does at its `decode` boundary, in one place: the datagram preamble (counting
 * the datagram, refusing one over the size limit, shorter than its header or of another version),
 * the check of a declared length (message, set, FlowSet or sample) against what is left, and the
 * last line of defence when a decoder throws anyway.
 *
 * Hot path: plain functions over the monomorphic {@link ExporterCounters} and `Uint8Array`; no
 * allocation, no closures. Decoders are written never to throw on datagram content (every read is
 * bounds-checked first); should one throw anyway, the exception is caught by the decoder, counted
 * as {@link DecodeError.Other} on the exporter with {@link caughtException}, and remembered in
 * {@link decodeGuard} so that the fuzzer and the tests can prove it never happens.
 *
 * Pure: no I/O.
 */
import { u16, u32 } from './bytes.js';
import { DecodeError, type DecoderLimits, type ExporterCounters } from './decoder.js';

/** Exceptions caught at decoder boundaries since the process started (should stay 0). */
export const decodeGuard: { caught: number; last: unknown } = { caught: 0, last: undefined };

/** Counts an exception that escaped a decoder's checks. */
export function caughtException(counters: ExporterCounters, e: unknown): void {
  counters.error(DecodeError.Other);
  decodeGuard.caught++;
  decodeGuard.last = e;
}

/**
 * Counts a datagram on its exporter and says whether it may be decoded: not over
 * `limits.maxDatagramBytes` ({@link DecodeError.Oversized}), at least `headerLength` bytes
 * ({@link DecodeError.Truncated}), and starting with `version` in a big-endian field of
 * `versionBytes` bytes ({@link DecodeError.BadVersion}). A refused datagram is counted under
 * exactly one error kind.
 *
 * @example
 * if (!admitDatagram(d, c, nowMs, this.#limits, HEADER_LENGTH, 2, 9)) return 0;
 */
export function admitDatagram(d: Uint8Array, c: ExporterCounters, nowMs: number, limits: DecoderLimits, headerLength: number, versionBytes: 2 | 4, version: number): boolean {
  c.datagrams++;
  c.bytes += d.length;
  c.lastSeenMs = nowMs;
  if (d.length > limits.maxDatagramBytes) {
    c.error(DecodeError.Oversized);
    return false;
  }
  if (d.length < headerLength) {
    c.error(DecodeError.Truncated);
    return false;
  }
  if ((versionBytes === 2 ? u16(d, 0) : u32(d, 0)) !== version) {
    c.error(DecodeError.BadVersion);
    return false;
  }
  return true;
}

/**
 * End offset of a structure starting at `start` whose header declares `length` bytes, or -1 when
 * it cannot be used: a length under `minLength` is counted as {@link DecodeError.BadLength}, one
 * reaching past `limit` as {@link DecodeError.Truncated}.
 *
 * @example
 * const end = declaredEnd(c, p, u16(d, p + 2), 4, d.length); // a NetFlow v9 FlowSet
 * if (end < 0) break;
 */
export function declaredEnd(c: ExporterCounters, start: number, length: number, minLength: number, limit: number): number {
  if (length < minLength) {
    c.error(DecodeError.BadLength);
    return -1;
  }
  const end = start + length;
  if (end > limit) {
    c.error(DecodeError.Truncated);
    return -1;
  }
  return end;
}
