/**
 * Internal signal of a match-time error (invalid data or a literal the semantics refuse); the
 * matcher turns it into a coded result and never lets it escape.
 */
export class MatchFailure {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}
