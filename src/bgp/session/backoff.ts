/**
 * Reconnect delays: exponential backoff with jitter. A peer that refuses us (GoBGP rejects
 * reconnects for a while after a session drop) is retried calmly, and many speakers restarting at
 * once do not hammer a router in lockstep.
 *
 * Pure: no I/O, no `node:` imports. The random source is injected for tests.
 */

/** Backoff settings. */
export interface BackoffOptions {
  /** First delay, in milliseconds. */
  readonly minMs: number;
  /** Ceiling of the delay, in milliseconds. */
  readonly maxMs: number;
  /** Growth factor per failed attempt (default 2). */
  readonly factor?: number;
  /** Fraction of the delay that is randomised, 0..1 (default 0.5: delay × [0.5, 1]). */
  readonly jitter?: number;
}

/** Produces successive reconnect delays; {@link reset} after a successful session. */
export class Backoff {
  readonly #opts: Required<BackoffOptions>;
  readonly #random: () => number;
  #attempt = 0;

  constructor(opts: BackoffOptions, random: () => number = Math.random) {
    this.#opts = { factor: 2, jitter: 0.5, ...opts };
    this.#random = random;
  }

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  /** The next delay: `min × factor^attempt`, capped at `max`, minus up to `jitter` of itself. */
  next(): number {
    const { minMs, maxMs, factor, jitter } = this.#opts;
    const base = Math.min(maxMs, minMs * Math.pow(factor, this.#attempt));
    this.#attempt++;
    return Math.round(base * (1 - jitter * this.#random()));
  }

  /** Starts again from the first delay. */
  reset(): void {
    this.#attempt = 0;
  }
}
