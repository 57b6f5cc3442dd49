/**
 * Throttling of sign-in attempts, per account and per source address, so passwords cannot be
 * guessed online: after `accountFailures` failures for one account within `accountWindowMs`, that
 * account's sign-in is refused until the window has passed; more than `addressAttempts` attempts
 * (successful or not) from one address within `addressWindowMs` are refused likewise.
 *
 * Counters live in memory (one process); each map is bounded, oldest entry evicted first, so a
 * flood of made-up names cannot exhaust memory. A success clears the account's failures.
 *
 * Pure: no I/O, no `node:` imports; time comes from the caller.
 */

/** Limits of the {@link SignInLimiter}. */
export interface SignInLimits {
  readonly accountFailures: number;
  readonly accountWindowMs: number;
  readonly addressAttempts: number;
  readonly addressWindowMs: number;
  /** Most accounts and addresses tracked at once. */
  readonly maxKeys: number;
}

/** Defaults: 5 failures per account per 15 min; 30 attempts per address per 5 min. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = Object.freeze({ accountFailures: 5, accountWindowMs: 15 * 60_000, addressAttempts: 30, addressWindowMs: 5 * 60_000, maxKeys: 100_000 });

interface Window {
  start: number;
  count: number;
}

/** A fixed-window counter per key in a bounded, insertion-ordered map. */
class WindowCounter {
  readonly #map = new Map<string, Window>();
  constructor(
    readonly windowMs: number,
    readonly max: number,
    readonly maxKeys: number,
  ) {}

  /** Milliseconds until `key` may try again, or 0. */
  retryAfter(key: string, now: number): number {
    const w = this.#map.get(key);
    if (w === undefined || now - w.start >= this.windowMs) return 0;
    return w.count >= this.max ? w.start + this.windowMs - now : 0;
  }

  add(key: string, now: number): void {
    let w = this.#map.get(key);
    if (w === undefined || now - w.start >= this.windowMs) {
      this.#map.delete(key);
      if (this.#map.size >= this.maxKeys) this.#map.delete(this.#map.keys().next().value!);
      w = { start: now, count: 0 };
      this.#map.set(key, w);
    }
    w.count++;
  }

  clear(key: string): void {
    this.#map.delete(key);
  }
}

/** Decides whether a sign-in attempt may proceed and records its outcome. */
export class SignInLimiter {
  readonly #accounts: WindowCounter;
  readonly #addresses: WindowCounter;

  constructor(limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
    this.#accounts = new WindowCounter(limits.accountWindowMs, limits.accountFailures, limits.maxKeys);
    this.#addresses = new WindowCounter(limits.addressWindowMs, limits.addressAttempts, limits.maxKeys);
  }

  /**
   * Records an attempt from `address` for `account` and returns 0 when it may proceed, or the
   * milliseconds to wait. A refused attempt still counts against the address.
   */
  attempt(account: string, address: string, now: number): number {
    const wait = Math.max(this.#addresses.retryAfter(address, now), this.#accounts.retryAfter(account, now));
    this.#addresses.add(address, now);
    return wait;
  }

  /** Records the outcome of an attempt that was allowed. */
  outcome(account: string, ok: boolean, now: number): void {
    if (ok) this.#accounts.clear(account);
    else this.#accounts.add(account, now);
  }
}
