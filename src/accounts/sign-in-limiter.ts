/**
 * Throttling of sign-in and password-change attempts, so passwords cannot be guessed online and
 * an outsider cannot lock anyone out:
 *
 * - per source address: more than `addressAttempts` attempts (successful or not, any accounts)
 *   within `addressWindowMs` are refused until the window has passed;
 * - per account *and* source address: after `accountFailures` failures for one account from one
 *   address within `accountWindowMs`, that address may not try that account again until the
 *   window has passed. The lock is never on the account alone: an outsider guessing at a
 *   commission member's password locks only their own address out, not the member;
 * - per account, from every address: once `alarmFailures` failures have been counted within
 *   `accountWindowMs`, the account is *under attack*: every attempt on it is slowed by
 *   `slowDownMs` and the crossing is reported once per window (the caller audits it), but it is
 *   never locked;
 * - password change, per user: `accountFailures` wrong current passwords within
 *   `accountWindowMs` refuse further attempts until the window has passed.
 *
 * An attempt is counted *before* the password is checked and forgiven on success, so parallel
 * guesses cannot all slip under a limit. Counters live in the database ({@link AuthCounters}):
 * a restart keeps a refusal a refusal.
 */
import { AuthCounters, counterKey } from './auth-counters.js';

/** Limits of the {@link SignInLimiter}. */
export interface SignInLimits {
  /** Failures per account and source address within `accountWindowMs` before that address is refused for the account. */
  readonly accountFailures: number;
  readonly accountWindowMs: number;
  /** Attempts per source address within `addressWindowMs`. */
  readonly addressAttempts: number;
  readonly addressWindowMs: number;
  /** Failures per account from all addresses within `accountWindowMs` that mark it under attack (default 4 × accountFailures). */
  readonly alarmFailures?: number;
  /** Delay of every attempt on an account under attack (default 1 s). */
  readonly slowDownMs?: number;
}

/** Defaults: 5 failures per account and address per 15 min; 30 attempts per address per 5 min. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = Object.freeze({ accountFailures: 5, accountWindowMs: 15 * 60_000, addressAttempts: 30, addressWindowMs: 5 * 60_000 });

/** What the limiter says about an attempt. */
export type AttemptDecision = { readonly kind: 'refused'; readonly waitMs: number } | { readonly kind: 'allowed'; readonly slowDownMs: number };

/** Decides whether an attempt may proceed and records its outcome. */
export class SignInLimiter {
  readonly #counters: AuthCounters;
  readonly #limits: Required<SignInLimits>;

  constructor(counters: AuthCounters, limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
    this.#counters = counters;
    this.#limits = { alarmFailures: limits.accountFailures * 4, slowDownMs: 1000, ...limits };
  }

  /** Counts a sign-in attempt on `account` from `address` (before its password is checked). */
  async attempt(account: string, address: string, now: number): Promise<AttemptDecision> {
    const l = this.#limits;
    const byAddress = await this.#counters.hit(counterKey('address', address), now, l.addressWindowMs);
    if (byAddress.count > l.addressAttempts) return { kind: 'refused', waitMs: byAddress.windowStart + l.addressWindowMs - now };
    const pair = await this.#counters.hit(counterKey('account+address', account, address), now, l.accountWindowMs);
    if (pair.count > l.accountFailures) return { kind: 'refused', waitMs: pair.windowStart + l.accountWindowMs - now };
    const all = await this.#counters.peek(counterKey('account', account), now, l.accountWindowMs);
    return { kind: 'allowed', slowDownMs: all !== undefined && all.count >= l.alarmFailures ? l.slowDownMs : 0 };
  }

  /**
   * Records the outcome of an allowed attempt. Returns true when this failure put the account
   * under attack (once per window), for the caller to report.
   */
  async outcome(account: string, address: string, ok: boolean, now: number): Promise<boolean> {
    if (ok) {
      await this.#counters.clear(counterKey('account+address', account, address));
      return false;
    }
    const all = await this.#counters.hit(counterKey('account', account), now, this.#limits.accountWindowMs);
    return all.count === this.#limits.alarmFailures;
  }

  /** Counts a password-change attempt of `userId`; returns 0 when it may proceed, or the milliseconds to wait. */
  async passwordAttempt(userId: string, now: number): Promise<number> {
    const c = await this.#counters.hit(counterKey('password', userId), now, this.#limits.accountWindowMs);
    return c.count > this.#limits.accountFailures ? c.windowStart + this.#limits.accountWindowMs - now : 0;
  }

  /** Forgives the counted attempts of `userId` after a right current password. */
  async passwordSucceeded(userId: string): Promise<void> {
    await this.#counters.clear(counterKey('password', userId));
  }

  /** Deletes counters older than every window. */
  purge(now: number): Promise<number> {
    return this.#counters.purge(now - Math.max(this.#limits.accountWindowMs, this.#limits.addressWindowMs));
  }
}
