/**
 * Principals authenticated recently, kept in memory for {@link AUTH_CACHE_MS} so a page of
 * requests does not ask the database about the same session each time. Bounded; changes made in
 * this process (disabling, role changes, revocation, sign-out) remove entries at once.
 */
import type { Principal } from './principal.js';

/** How long an authenticated session or token is trusted from memory before the database is asked again. */
export const AUTH_CACHE_MS = 5_000;
const CACHE_MAX = 10_000;

/** The cache. */
export class PrincipalCache {
  readonly #entries = new Map<string, { principal: Principal; until: number }>();

  /** The principal cached under `key`, while fresh (and, for a session, not idle past its end). */
  get(key: string, now: number): Principal | undefined {
    const e = this.#entries.get(key);
    if (e === undefined || e.until <= now || (e.principal.idleExpiresAt !== undefined && e.principal.idleExpiresAt <= now)) return undefined;
    return e.principal;
  }

  set(key: string, principal: Principal, now: number): void {
    if (this.#entries.size >= CACHE_MAX) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { principal, until: now + AUTH_CACHE_MS });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry of a user. */
  forgetUser(userId: string): void {
    for (const [k, v] of this.#entries) if (v.principal.user.id === userId) this.#entries.delete(k);
  }

  /** Drops every entry of a credential (a token id). */
  forgetCredential(id: string): void {
    for (const [k, v] of this.#entries) if (v.principal.credentialId === id) this.#entries.delete(k);
  }
}
