/**
 * Long-lived uses of a credential (the live event streams) and the moment they must stop: when
 * the session or token ends (sign-out, disabling, password change, revocation, expiry) or when
 * what it may see changes (roles, organisation, sector). Changes made in this process end the
 * watchers at once ({@link CredentialWatch.end}); changes made by another process on the same
 * database (the CLI) are found by {@link CredentialWatch.poll}, every `intervalMs` while anything
 * is watched, with one query per table for all watchers together.
 */
import type { Selectable } from 'kysely';
import type { Role } from '../core/roles.js';
import type { Session } from './account-store.js';
import type { Principal } from './principal.js';
import type { ApiTokensTable, UsersTable } from './tables.js';

/** Returns the watched principals that are no longer valid as they were authenticated. */
export type CredentialCheck = (principals: readonly Principal[]) => Promise<ReadonlySet<Principal>>;

interface Watcher {
  readonly principal: Principal;
  readonly onEnd: () => void;
}

/** The watchers of one account service. */
export class CredentialWatch {
  readonly #watchers = new Set<Watcher>();
  readonly #check: CredentialCheck;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling = false;

  constructor(check: CredentialCheck, intervalMs: number) {
    this.#check = check;
    this.#intervalMs = intervalMs;
  }

  /** Number of open watchers. */
  get size(): number {
    return this.#watchers.size;
  }

  /** Calls `onEnd` once when `principal` stops being valid as it is; returns a function that stops watching. */
  add(principal: Principal, onEnd: () => void): () => void {
    const w: Watcher = { principal, onEnd };
    this.#watchers.add(w);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => void this.poll(), this.#intervalMs);
      this.#timer.unref();
    }
    return () => this.#remove(w);
  }

  /** Ends every watcher whose principal matches `which`. */
  end(which: (p: Principal) => boolean): void {
    for (const w of [...this.#watchers]) if (which(w.principal)) this.#fire(w);
  }

  /** Checks every watcher against the database and ends those whose credential changed; a failed check ends them all (fail closed). */
  async poll(): Promise<void> {
    if (this.#polling || this.#watchers.size === 0) return;
    this.#polling = true;
    const watched = [...this.#watchers];
    try {
      const stale = await this.#check(watched.map((w) => w.principal));
      for (const w of watched) if (stale.has(w.principal)) this.#fire(w);
    } catch {
      for (const w of watched) this.#fire(w);
    } finally {
      this.#polling = false;
    }
  }

  /** Stops the timer and forgets every watcher without ending it. */
  close(): void {
    this.#watchers.clear();
    this.#stopTimer();
  }

  #fire(w: Watcher): void {
    if (!this.#remove(w)) return;
    w.onEnd();
  }

  #remove(w: Watcher): boolean {
    const had = this.#watchers.delete(w);
    if (this.#watchers.size === 0) this.#stopTimer();
    return had;
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** The rows a check reads, by id. */
export interface CredentialRows {
  readonly users: ReadonlyMap<string, Selectable<UsersTable>>;
  readonly sessions: ReadonlyMap<string, Session>;
  readonly tokens: ReadonlyMap<string, Selectable<ApiTokensTable>>;
}

const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean => a.length === b.length && a.every((r) => b.includes(r));

/**
 * The principals whose credential no longer stands as authenticated: user gone or disabled,
 * session gone, expired or idle past `idleMs`, token gone, revoked or expired, or roles (a
 * token's: those it carries that the user still holds), organisation or sector changed.
 */
export function staleCredentials(principals: readonly Principal[], rows: CredentialRows, now: number, idleMs: number): Set<Principal> {
  const stale = new Set<Principal>();
  for (const p of principals) {
    const user = rows.users.get(p.user.id);
    let roles: readonly Role[] | undefined;
    if (user !== undefined && Number(user.disabled) === 0) {
      const held = JSON.parse(user.roles) as Role[];
      if (p.via === 'session') {
        const s = rows.sessions.get(p.credentialId);
        if (s !== undefined && s.expires_at > now && s.last_seen_at + idleMs > now) roles = held;
      } else if (p.via === 'token') {
        const t = rows.tokens.get(p.credentialId);
        if (t !== undefined && t.revoked_at === null && (t.expires_at === null || Number(t.expires_at) > now)) roles = (JSON.parse(t.roles) as Role[]).filter((r) => held.includes(r));
      }
    }
    const same = roles !== undefined && user !== undefined && sameRoles(roles, p.actor.roles) && user.organization_id === p.user.organizationId && user.sector === p.user.sector;
    if (!same) stale.add(p);
  }
  return stale;
}
