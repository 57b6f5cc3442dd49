/**
 * Accounts and authentication: users with roles and scope, sign-in with throttling, browser
 * sessions with idle and absolute expiry, CSRF tokens bound to the session, and API tokens for
 * machines. Every sign-in (success and failure), sign-out, user creation, role change, role grant
 * decision, disabling and token grant is recorded in the audit log.
 *
 * Security invariants enforced here:
 * - secrets are never stored: session and token secrets as SHA-256, passwords as scrypt;
 * - an unknown user name and a wrong password take the same time and give the same error;
 * - nobody creates credentials that act as another person: a token belongs to the user who
 *   creates it, from an interactive session or with their password, in a subset of their roles;
 * - one admin cannot make the commission's quorum: `commission_member` granted through the API
 *   waits for a different sitting member's confirmation (`role-grants.ts`);
 * - the incompatible roles of `validation.ts` hold on every path (creation, role change, token
 *   roles, pending grants, their confirmation);
 * - a disabled user's sessions are deleted, and a role change, disabling, sign-out, password
 *   change or revocation takes effect at once in this process (cached principals and open
 *   streams end) and within `AUTH_CACHE_MS` (requests) or the watch interval (streams) when
 *   another process, e.g. the CLI, made it;
 * - a token acts only in roles its user still holds.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Actor, Role } from '../core/roles.js';
import type { AuditEventInput } from '../core/audit-event.js';
import type { Database } from '../storage/database.js';
import { newId } from '../storage/id.js';
import { AccountStore, toUser, type ApiToken, type StorePage, type User } from './account-store.js';
import { inAccountUnit, type AccountAudit, type AccountUnit } from './account-unit.js';
import { ApiTokens, type TokenInput } from './api-tokens.js';
import { AuthCounters } from './auth-counters.js';
import { CredentialWatch, staleCredentials } from './credential-watch.js';
import { ERR_ACCOUNT_INVALID, ERR_AUTH_INVALID_CREDENTIALS, ERR_AUTH_RATE_LIMITED } from './errors.js';
import { checkPasswordPolicy, DEFAULT_SCRYPT_COST, hashPassword, needsRehash, verifyPassword, type ScryptCost } from './password.js';
import { actorOf, adminAuditActor, type AccountAdmin, type NewSession, type Principal, type UserInput, type UserPatch } from './principal.js';
import { PrincipalCache } from './principal-cache.js';
import { RoleGrantService } from './role-grant-service.js';
import { RoleGrantStore, type RoleGrant } from './role-grant-store.js';
import { planRoles } from './role-grants.js';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from './sign-in-limiter.js';
import type { RoleGrantState, UsersTable } from './tables.js';
import { checkDisplayName, checkRoles, checkUsername, hasControlCharacter } from './validation.js';

export { AUTH_CACHE_MS } from './principal-cache.js';
export { actorOf, type AccountAdmin, type NewSession, type Principal, type UserInput, type UserPatch } from './principal.js';
export type { RoleGrant } from './role-grant-store.js';
export type { TokenInput } from './api-tokens.js';

/** Last activity is written at most this often per session (not on every request). */
const TOUCH_MS = 30_000;
/** How often open streams are re-checked against the database for changes made by another process. */
export const DEFAULT_WATCH_INTERVAL_MS = 2_000;

/** Session lifetimes. */
export interface SessionSettings {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

/** Session lifetimes when none are given: what `api.session` defaults to (its schema reads these). */
export const DEFAULT_SESSION_SETTINGS: SessionSettings = Object.freeze({ idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 });

/** Dependencies of the service. */
export interface AccountDeps {
  readonly clock: Clock;
  /** The audit log: changes record their entries in their own transaction. */
  readonly audit: AccountAudit;
  readonly sessions?: SessionSettings;
  readonly limits?: SignInLimits;
  /** scrypt cost of new hashes (tests lower it). */
  readonly scryptCost?: ScryptCost;
  /** Re-check interval of watched credentials (open streams); default {@link DEFAULT_WATCH_INTERVAL_MS}. */
  readonly watchIntervalMs?: number;
  /** Waits `ms` (the slow-down of an account under attack); tests replace it. */
  readonly sleep?: (ms: number) => Promise<unknown>;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const csrfOf = (token: string): string => createHmac('sha256', token).update('sakimori csrf v1').digest('base64url');
const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean => a.length === b.length && a.every((r) => b.includes(r));

/** The account service. */
export class AccountService {
  readonly store: AccountStore;
  readonly grants: RoleGrantStore;
  readonly #db: Kysely<Database>;
  readonly #deps: AccountDeps;
  readonly #sessions: SessionSettings;
  readonly #limiter: SignInLimiter;
  readonly #cost: ScryptCost;
  readonly #cache = new PrincipalCache();
  readonly #watch: CredentialWatch;
  readonly #sleep: (ms: number) => Promise<unknown>;
  readonly #tokens: ApiTokens;
  readonly #grantService: RoleGrantService;

  constructor(db: Kysely<Database>, deps: AccountDeps) {
    this.store = new AccountStore(db);
    this.grants = new RoleGrantStore(db);
    this.#db = db;
    this.#deps = deps;
    this.#sessions = deps.sessions ?? DEFAULT_SESSION_SETTINGS;
    this.#limiter = new SignInLimiter(new AuthCounters(db), deps.limits ?? DEFAULT_SIGN_IN_LIMITS);
    this.#cost = deps.scryptCost ?? DEFAULT_SCRYPT_COST;
    this.#watch = new CredentialWatch((p) => this.#stale(p), deps.watchIntervalMs ?? DEFAULT_WATCH_INTERVAL_MS);
    this.#sleep = deps.sleep ?? ((ms) => sleep(ms));
    const unit = <T>(fn: (u: AccountUnit) => Promise<T>): Promise<T> => this.#unit(fn);
    this.#grantService = new RoleGrantService({ store: this.store, grants: this.grants, clock: deps.clock, audit: deps.audit, unit, userChanged: (id) => this.#userChanged(id) });
    this.#tokens = new ApiTokens({ store: this.store, clock: deps.clock, audit: deps.audit, unit, cache: this.#cache, watch: this.#watch });
  }

  /** Appends an entry on its own: a refusal or a failed sign-in, which changes no account. */
  #audit(e: AuditEventInput): Promise<unknown> {
    return this.#deps.audit.append(e);
  }

  /** Runs a change and the audit entries it records as one transaction. */
  #unit<T>(fn: (u: AccountUnit) => Promise<T>): Promise<T> {
    return inAccountUnit(this.#db, this.#deps.audit, fn);
  }

  async #scope(input: { organizationId?: string | null | undefined; sector?: string | null | undefined }): Promise<{ organizationId: string | null; sector: string | null }> {
    const organizationId = input.organizationId ?? null;
    if (organizationId !== null && (await this.store.organizationName(organizationId)) === undefined)
      throw new ERR_ACCOUNT_INVALID('organizationId', `no organization ${JSON.stringify(organizationId)}`);
    return { organizationId, sector: input.sector ?? null };
  }

  /** A user's roles or scope changed, or their credentials ended: forget cached principals and end open streams. */
  #userChanged(userId: string, keepCredential?: string): void {
    this.#cache.forgetUser(userId);
    this.#watch.end((p) => p.user.id === userId && p.credentialId !== keepCredential);
  }

  /** Creates a user. Recorded as `user.create` (the name only as a keyed hash). */
  async createUser(by: AccountAdmin, input: UserInput): Promise<User> {
    const username = checkUsername(input.username);
    const scope = await this.#scope(input);
    const requested = checkRoles(input.roles, scope);
    const displayName = checkDisplayName(input.displayName);
    checkPasswordPolicy(input.password, [username, displayName ?? '']);
    const plan = planRoles([], requested, typeof by === 'object');
    const now = this.#deps.clock.now();
    const passwordHash = await hashPassword(input.password, this.#cost);
    const bootstrap: Record<string, string> =
      typeof by !== 'object' && requested.includes('commission_member')
        ? { commissionBootstrap: `granted by the ${by === 'cli' ? "server's operator (CLI)" : 'demo seeding'} without a member's confirmation` }
        : {};
    return this.#unit(async (u) => {
      const user = await u.store.insertUser({
        id: newId(now),
        username,
        display_name: displayName,
        password_hash: passwordHash,
        roles: JSON.stringify(plan.effective),
        organization_id: scope.organizationId,
        sector: scope.sector,
        disabled: 0,
        created_at: now,
        updated_at: now,
        password_changed_at: now,
      });
      await u.record({
        actor: adminAuditActor(by),
        action: 'user.create',
        subjects: [{ type: 'user', id: user.id }, ...(user.organizationId === null ? [] : [{ type: 'organization', id: user.organizationId }])],
        personal: [{ kind: 'account', value: username }],
        details: { roles: [...plan.effective], pendingRoles: [...plan.pending], sector: user.sector, ...bootstrap },
      });
      await this.#grantService.request(u, by, user.id, plan.pending);
      return user;
    });
  }

  /**
   * Changes roles, scope, display name or the disabled flag; takes effect at once for the user's
   * sessions and tokens. A `commission_member` role granted by an admin waits for confirmation
   * (the rest of the change takes effect); a role set without it withdraws a pending grant.
   * Recorded as `user.role_change` / `user.disable`.
   */
  async updateUser(by: AccountAdmin, id: string, patch: UserPatch): Promise<User> {
    const before = await this.store.requireUser(id);
    if (typeof by === 'object' && by.userId === id && (patch.disabled === true || (patch.roles !== undefined && !patch.roles.includes('admin')))) {
      throw new ERR_ACCOUNT_INVALID('user', 'an admin cannot disable their own account or drop their own admin role');
    }
    const pendingBefore = await this.grants.pendingOf(id);
    const scope = await this.#scope({
      organizationId: patch.organizationId === undefined ? before.organizationId : patch.organizationId,
      sector: patch.sector === undefined ? before.sector : patch.sector,
    });
    // Without new roles, the held ones stay and pending grants stay pending (even for the CLI); they
    // count as requested, so the incompatible roles and the scope are checked across them too.
    const keep = patch.roles === undefined;
    const requested = checkRoles(keep ? [...before.roles, ...pendingBefore.map((g) => g.role)] : patch.roles, scope, { allowNone: keep });
    const plan = keep ? { effective: [...before.roles], pending: pendingBefore.map((g) => g.role) } : planRoles(before.roles, requested, typeof by === 'object');
    const displayName = patch.displayName === undefined ? before.displayName : checkDisplayName(patch.displayName);
    const disabled = patch.disabled ?? before.disabled;
    const now = this.#deps.clock.now();
    const subjects = [{ type: 'user', id }];
    const rolesChanged = !sameRoles(plan.effective, before.roles) || scope.organizationId !== before.organizationId || scope.sector !== before.sector;
    const user = await this.#unit(async (u) => {
      const updated = await u.store.updateUser(id, {
        roles: JSON.stringify(plan.effective),
        organization_id: scope.organizationId,
        sector: scope.sector,
        display_name: displayName,
        disabled: disabled ? 1 : 0,
        updated_at: now,
      });
      if (rolesChanged) {
        const bootstrap: Record<string, string> =
          typeof by !== 'object' && plan.effective.includes('commission_member') && !before.roles.includes('commission_member')
            ? { commissionBootstrap: "granted by the server's operator (CLI) without a member's confirmation" }
            : {};
        await u.record({
          actor: adminAuditActor(by),
          action: 'user.role_change',
          subjects,
          details: { change: 'roles', from: [...before.roles], to: [...plan.effective], pending: [...plan.pending], organization: scope.organizationId, sector: scope.sector, ...bootstrap },
        });
      }
      await this.#grantService.settle(u, by, id, pendingBefore, plan);
      await this.#grantService.request(u, by, id, plan.pending);
      if (disabled !== before.disabled) {
        if (disabled) await u.store.deleteUserSessions(id);
        await u.record({ actor: adminAuditActor(by), action: 'user.disable', subjects, details: { disabled } });
      }
      return updated;
    });
    if (rolesChanged || disabled !== before.disabled) this.#userChanged(id);
    else this.#cache.forgetUser(id);
    return user;
  }

  /** Users, newest first. */
  listUsers(f: { limit: number; before?: string | undefined }): Promise<StorePage<User>> {
    return this.store.listUsers(f);
  }

  /** Role grants, newest first. */
  listRoleGrants(f: { state?: RoleGrantState | undefined; limit: number; before?: string | undefined }): Promise<StorePage<RoleGrant>> {
    return this.#grantService.list(f);
  }

  /**
   * Confirms a pending role grant: `by` must be a sitting commission member other than the grantee
   * and the admin who granted it, and the grantee's roles with the new one must still be
   * compatible. The role takes effect at once. Recorded as `user.role_change` (`role_grant_confirmed`).
   */
  confirmRoleGrant(by: Actor, grantId: string): Promise<RoleGrant> {
    return this.#grantService.decide(by, grantId, 'confirmed');
  }

  /** Declines a pending role grant (same deciders as {@link confirmRoleGrant}). Recorded as `user.role_change` (`role_grant_declined`). */
  declineRoleGrant(by: Actor, grantId: string): Promise<RoleGrant> {
    return this.#grantService.decide(by, grantId, 'declined');
  }

  /**
   * Names to show for user ids (display name, else user name); ids that are not users (tokens,
   * the system) are absent. Callers pass the ids of one answer page (a few thousand at most).
   */
  displayNames(ids: Iterable<string>): Promise<Map<string, string>> {
    return this.store.namesOf([...new Set(ids)]);
  }

  /** A user by name (the CLI), or undefined. */
  async userByName(username: string): Promise<User | undefined> {
    const r = await this.store.userRowByName(username.trim().toLowerCase());
    return r === undefined ? undefined : toUser(r);
  }

  /**
   * Signs a user in from `address`. Throws {@link ERR_AUTH_RATE_LIMITED} when throttled and
   * {@link ERR_AUTH_INVALID_CREDENTIALS} for a wrong name or password or a disabled account.
   */
  async signIn(username: string, password: string, address: string): Promise<NewSession> {
    const row = await this.#checkPassword(username, password, address);
    const now = this.#deps.clock.now();
    const token = randomBytes(32).toString('base64url');
    const id = sha256(token);
    await this.#unit(async (u) => {
      await u.store.insertSession({ id, user_id: row.id, created_at: now, last_seen_at: now, expires_at: now + this.#sessions.absoluteMs });
      await u.record({
        actor: { kind: 'user', id: row.id },
        action: 'auth.sign_in',
        subjects: [{ type: 'session', id: id.slice(0, 32) }],
        personal: [{ kind: 'ip', value: address }],
        details: { method: 'password' },
      });
    });
    return { token, principal: this.#sessionPrincipal(toUser(row), id, token, now, now + this.#sessions.absoluteMs) };
  }

  /**
   * Checks a user's password on the server's command line (no session): the principal the CLI
   * acts as when it creates that user's own API token. Throttled and audited like a sign-in.
   */
  async signInLocal(username: string, password: string): Promise<Principal> {
    const row = await this.#checkPassword(username, password, 'cli');
    await this.#audit({ actor: { kind: 'user', id: row.id }, action: 'auth.sign_in', details: { method: 'password', channel: 'cli', session: false } });
    const user = toUser(row);
    return { actor: actorOf(user), user, via: 'password', credentialId: 'cli' };
  }

  /**
   * Records a sign-in refused at the edge because it holds a control character (it never reaches
   * the database): audited as a failed sign-in and counted like one.
   */
  async refuseMalformedSignIn(username: string, address: string): Promise<void> {
    const name = username.slice(0, 64);
    await this.#limiter.attempt(name, address, this.#deps.clock.now());
    await this.#failed(undefined, name, address, 'control_character');
  }

  async #failed(row: Selectable<UsersTable> | undefined, name: string, address: string, reason: string): Promise<void> {
    await this.#audit({
      actor: row === undefined ? { kind: 'system', id: 'sakimori' } : { kind: 'user', id: row.id },
      action: 'auth.sign_in_failed',
      outcome: 'denied',
      personal: [...this.#who(name), ...this.#ip(address)],
      details: { reason, ...(address === 'cli' ? { channel: 'cli' } : {}) },
    });
  }

  /** The user row when `password` is theirs, throttled per account and address; throws otherwise. */
  async #checkPassword(username: string, password: string, address: string): Promise<Selectable<UsersTable>> {
    const name = username.trim().toLowerCase().slice(0, 64);
    const now = this.#deps.clock.now();
    const decision = await this.#limiter.attempt(name, address, now);
    if (decision.kind === 'refused') {
      const seconds = Math.max(1, Math.ceil(decision.waitMs / 1000));
      await this.#failed(undefined, name, address, 'rate_limited');
      throw new ERR_AUTH_RATE_LIMITED(String(seconds), { details: { retryAfterSeconds: seconds } });
    }
    if (decision.slowDownMs > 0) await this.#sleep(decision.slowDownMs);
    // A name no user can have never reaches the database (PostgreSQL refuses NUL in text).
    const row = hasControlCharacter(name) ? undefined : await this.store.userRowByName(name);
    const ok = (await verifyPassword(password, row?.password_hash, this.#cost)) && row !== undefined && Number(row.disabled) === 0;
    const underAttack = await this.#limiter.outcome(name, address, ok, now);
    if (!ok || row === undefined) {
      await this.#failed(row, name, address, row === undefined ? (hasControlCharacter(name) ? 'malformed_name' : 'unknown_user') : Number(row.disabled) === 1 ? 'disabled' : 'wrong_password');
      if (underAttack) {
        // Failures from many addresses: slow every attempt down and report it, never lock the account.
        await this.#audit({
          actor: { kind: 'system', id: 'sakimori' },
          action: 'auth.sign_in_failed',
          outcome: 'denied',
          subjects: row === undefined ? [] : [{ type: 'user', id: row.id }],
          personal: this.#who(name),
          details: { reason: 'account_under_attack', response: 'slowed_down_not_locked' },
        });
      }
      throw new ERR_AUTH_INVALID_CREDENTIALS();
    }
    if (needsRehash(row.password_hash, this.#cost)) await this.store.updateUser(row.id, { password_hash: await hashPassword(password, this.#cost) });
    return row;
  }

  #who(name: string): AuditEventInput['personal'] & object {
    return name === '' ? [] : [{ kind: 'account', value: name }];
  }

  #ip(address: string): AuditEventInput['personal'] & object {
    return address === 'cli' ? [] : [{ kind: 'ip', value: address }];
  }

  #sessionPrincipal(user: User, id: string, token: string, lastSeen: number, expiresAt: number): Principal {
    return { actor: actorOf(user), user, via: 'session', credentialId: id, csrfToken: csrfOf(token), expiresAt, idleExpiresAt: Math.min(expiresAt, lastSeen + this.#sessions.idleMs) };
  }

  /** The principal of a session cookie's token, or undefined when it is unknown, expired or its user disabled. */
  async authenticateSession(token: string): Promise<Principal | undefined> {
    if (token.length < 20 || token.length > 100) return undefined;
    const id = sha256(token);
    const now = this.#deps.clock.now();
    const cached = this.#cache.get(id, now);
    if (cached !== undefined) return cached;
    const found = await this.store.session(id);
    if (found === undefined) return undefined;
    const { session, user: row } = found;
    if (session.expires_at <= now || session.last_seen_at + this.#sessions.idleMs <= now || Number(row.disabled) === 1) {
      await this.store.deleteSession(id);
      this.#cache.delete(id);
      return undefined;
    }
    let lastSeen = session.last_seen_at;
    if (now - lastSeen >= TOUCH_MS) {
      await this.store.touchSession(id, now);
      lastSeen = now;
    }
    const principal = this.#sessionPrincipal(toUser(row), id, token, lastSeen, session.expires_at);
    this.#cache.set(id, principal, now);
    return principal;
  }

  /** True when `given` is the CSRF token of the principal's session (constant-time). */
  checkCsrf(principal: Principal, given: string | undefined): boolean {
    if (principal.csrfToken === undefined || given === undefined) return false;
    const a = Buffer.from(principal.csrfToken);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Ends a session (and its open streams). Recorded as `auth.sign_out`. */
  async signOut(principal: Principal): Promise<void> {
    if (principal.via !== 'session') return;
    await this.#unit(async (u) => {
      await u.store.deleteSession(principal.credentialId);
      await u.record({ actor: { kind: 'user', id: principal.user.id }, action: 'auth.sign_out', subjects: [{ type: 'session', id: principal.credentialId.slice(0, 32) }] });
    });
    this.#cache.delete(principal.credentialId);
    this.#watch.end((p) => p.credentialId === principal.credentialId);
  }

  /**
   * Changes the caller's own password; their other sessions end. Wrong current passwords are
   * throttled per user like sign-ins ({@link ERR_AUTH_RATE_LIMITED}) and audited.
   */
  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    const now = this.#deps.clock.now();
    const userId = principal.user.id;
    const subjects = [{ type: 'user', id: userId }];
    const wait = await this.#limiter.passwordAttempt(userId, now);
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      await this.#audit({ actor: { kind: 'user', id: userId }, action: 'user.role_change', outcome: 'denied', subjects, details: { change: 'password', reason: 'rate_limited' } });
      throw new ERR_AUTH_RATE_LIMITED(String(seconds), { details: { retryAfterSeconds: seconds } });
    }
    const row = await this.store.userRow(userId);
    if (row === undefined || !(await verifyPassword(current, row.password_hash, this.#cost))) {
      await this.#audit({ actor: { kind: 'user', id: userId }, action: 'user.role_change', outcome: 'denied', subjects, details: { change: 'password', reason: 'wrong_password' } });
      throw new ERR_AUTH_INVALID_CREDENTIALS();
    }
    await this.#limiter.passwordSucceeded(userId);
    checkPasswordPolicy(next, [row.username, row.display_name ?? '']);
    const passwordHash = await hashPassword(next, this.#cost);
    const kept = principal.via === 'session' ? principal.credentialId : undefined;
    await this.#unit(async (u) => {
      await u.store.updateUser(row.id, { password_hash: passwordHash, password_changed_at: now, updated_at: now });
      await u.store.deleteUserSessions(row.id, kept);
      await u.record({ actor: { kind: 'user', id: row.id }, action: 'user.role_change', subjects, details: { change: 'password' } });
    });
    this.#cache.forgetUser(row.id);
    this.#watch.end((p) => p.user.id === row.id && p.via === 'session' && p.credentialId !== kept);
  }

  /** See {@link ApiTokens.create}. */
  createToken(by: Principal, input: TokenInput): Promise<{ token: string; record: ApiToken }> {
    return this.#tokens.create(by, input);
  }

  /** See {@link ApiTokens.revoke}. */
  revokeToken(by: Actor | 'cli', id: string): Promise<ApiToken> {
    return this.#tokens.revoke(by, id);
  }

  /** See {@link ApiTokens.list}. */
  listTokens(by: Actor | 'cli', f: { userId?: string | undefined; limit: number; before?: string | undefined }): Promise<StorePage<ApiToken>> {
    return this.#tokens.list(by, f);
  }

  /** See {@link ApiTokens.authenticate}. */
  authenticateToken(text: string): Promise<Principal | undefined> {
    return this.#tokens.authenticate(text);
  }

  /**
   * Calls `onEnd` once when `principal`'s credential ends or what it may see changes (roles,
   * organisation, sector): at once for changes made through this service, within the watch
   * interval for changes by another process. Returns a function that stops watching. Watching
   * is not activity: it does not keep a session from going idle.
   */
  watch(principal: Principal, onEnd: () => void): () => void {
    return this.#watch.add(principal, onEnd);
  }

  /** Re-checks watched credentials now (also done every watch interval). */
  recheckWatched(): Promise<void> {
    return this.#watch.poll();
  }

  /** The watched principals that are no longer valid as authenticated (their cached principals are forgotten). */
  async #stale(principals: readonly Principal[]): Promise<Set<Principal>> {
    const rows = {
      users: await this.store.userRows([...new Set(principals.map((p) => p.user.id))]),
      sessions: await this.store.sessionRows(principals.filter((p) => p.via === 'session').map((p) => p.credentialId)),
      tokens: await this.store.tokenRows(principals.filter((p) => p.via === 'token').map((p) => p.credentialId)),
    };
    const stale = staleCredentials(principals, rows, this.#deps.clock.now(), this.#sessions.idleMs);
    for (const p of stale) this.#cache.forgetUser(p.user.id);
    return stale;
  }

  /** Deletes expired and idle sessions and stale sign-in counters; returns how many sessions. */
  async purgeSessions(): Promise<number> {
    const now = this.#deps.clock.now();
    await this.#limiter.purge(now);
    return this.store.purgeSessions(now, now - this.#sessions.idleMs);
  }

  /** Stops watching (the server is stopping). */
  close(): void {
    this.#watch.close();
  }
}
