/** The outcome of checking a proof or a signature: success, or failure with a reason for people. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The successful verdict. */
export const OK: Verdict = Object.freeze({ ok: true });

/** A failed verdict with its reason. */
export function fail(reason: string): Verdict {
  return { ok: false, reason };
}
