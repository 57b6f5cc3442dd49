/**
 * Decode failures of BGP messages as values: each carries the NOTIFICATION (code, subcode, data)
 * that RFC 4271 §6 prescribes, plus whether RFC 7606 lets the session survive it.
 *
 * Pure: no I/O, no `node:` imports.
 */

/** Why a received message could not be used, and what to tell the peer. */
export interface WireError {
  /** NOTIFICATION error code ({@link ErrorCode}). */
  readonly code: number;
  /** NOTIFICATION error subcode. */
  readonly subcode: number;
  /** NOTIFICATION data (often the offending field or attribute). */
  readonly data: Uint8Array;
  /** Human-readable reason for logs and the peer status. */
  readonly reason: string;
  /**
   * True when RFC 7606 §2 "treat-as-withdraw" applies: the UPDATE is unusable but the session
   * stays up. False means "session reset": send the NOTIFICATION and close.
   */
  readonly treatAsWithdraw: boolean;
}

/** Result of a decoder: the value, or the {@link WireError} that stopped it. */
export type DecodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

/**
 * Thrown only inside this folder's decoders and always caught by their public entry points, which
 * turn it into a {@link DecodeResult}; bounds checks stay one line each that way. It never escapes.
 */
export class WireFailure {
  constructor(readonly error: WireError) {}
}

/** Throws a {@link WireFailure} (internal to decoders). */
export function fail(code: number, subcode: number, reason: string, data: Uint8Array = new Uint8Array(0), treatAsWithdraw = false): never {
  throw new WireFailure({ code, subcode, data, reason, treatAsWithdraw });
}

/** Runs a decoder body, turning a {@link WireFailure} into an error result; other exceptions become a generic error. */
export function runDecoder<T>(body: () => T, fallback: { code: number; subcode: number }): DecodeResult<T> {
  try {
    return { ok: true, value: body() };
  } catch (e) {
    if (e instanceof WireFailure) return { ok: false, error: e.error };
    // A bug in a decoder must not take the session down with an exception either.
    const reason = e instanceof Error ? `decoder fault: ${e.message}` : 'decoder fault';
    return { ok: false, error: { code: fallback.code, subcode: fallback.subcode, data: new Uint8Array(0), reason, treatAsWithdraw: false } };
  }
}
