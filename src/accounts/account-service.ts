/**
 * Accounts and authentication: users with roles and scope, sign-in with throttling, browser
 * sessions with idle and absolute expiry, CSRF tokens bound to the session, and API tokens for
 * machines. Every sign-in (success and failure), sign-out, user creation, role change, disabling
 * and token grant is recorded in the audit log.
 *
 * Security invariants enforced here:
 * - secrets are never stored: session and token secrets as SHA-256, passwords as scrypt;
 * - an unknown user name and a wrong password take the same time and give the same error;
 * - a disabled user's sessions are deleted and its tokens stop working at once (this process)
 *   or within `AUTH_CACHE_MS` (another process, e.g. the CLI);
 * - a token acts only in roles its user still holds.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Role } from '../core/roles.js';
import type { AuditEventInput } from '../oversight/audit/entry.js';
import type { Database } from '../storage/database.js';
import { newId } from '../storage/id.js';
import { AccountStore, toUser, type ApiToken, type StorePage, type User } from './account-store.js';
import { ERR_ACCOUNT_INVALID, ERR_ACCOUNT_NOT_FOUND, ERR_AUTH_INVALID_CREDENTIALS, ERR_AUTH_RATE_LIMITED } from './errors.js';
import { checkPasswordPolicy, DEFAULT_SCRYPT_COST, hashPassword, needsRehash, verifyPassword, type ScryptCost } from './password.js';
import { actorOf, type AccountAdmin, type NewSession, type Principal, type UserInput, type UserPatch } from './principal.js';
import { PrincipalCache } from './principal-cache.js';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from './sign-in-limiter.js';
import { checkDisplayName, checkRoles, checkUsername } from './validation.js';

export { AUTH_CACHE_MS } from './principal-cache.js';
export { actorOf, type AccountAdmin, type NewSession, type Principal, type UserInput, type UserPatch } from './principal.js';

/** Last activity is written at most this often per session (not on every request). */
const TOUCH_MS = 30_000;
const TOKEN_PREFIX = 'skm_';

/** Session lifetimes. */
export interface SessionSettings {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

/** Dependencies of the service. */
export interface AccountDeps {
  readonly clock: Clock;
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
  readonly sessions?: SessionSettings;
  readonly limits?: SignInLimits;
  /** scrypt cost of new hashes (tests lower it). */
  readonly scryptCost?: ScryptCost;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const csrfOf = (token: string): string => createHmac('sha256', token).update('sakimori csrf v1').digest('base64url');

/** The account service. */
export class AccountService {
  readonly store: AccountStore;
  readonly #deps: AccountDeps;
  readonly #sessions: SessionSettings;
  readonly #limiter: SignInLimiter;
  readonly #cost: ScryptCost;
  readonly #cache = new PrincipalCache();

  constructor(db: Kysely<Database>, deps: AccountDeps) {
    this.store = new AccountStore(db);
    this.#deps = deps;
    this.#sessions = deps.sessions ?? { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 };
    this.#limiter = new SignInLimiter(deps.limits ?? DEFAULT_SIGN_IN_LIMITS);
    this.#cost = deps.scryptCost ?? DEFAULT_SCRYPT_COST;
  }

  #audit(e: AuditEventInput): Promise<unknown> {
    return this.#deps.audit.append(e);
  }

  #adminActor(by: AccountAdmin): AuditEventInput['actor'] {
    // The CLI acts as the `cli` service account, as every other CLI command records itself.
    if (by === 'cli') return { kind: 'service', id: 'cli' };
    return by === 'demo' ? { kind: 'system', id: 'sakimori-demo' } : { kind: 'user', id: by.userId, role: 'admin' };
  }

  async #scope(input: { organizationId?: string | null | undefined; sector?: string | null | undefined }): Promise<{ organizationId: string | null; sector: string | null }> {
    const organizationId = input.organizationId ?? null;
    if (organizationId !== null && (await this.store.organizationName(organizationId)) === undefined) throw new ERR_ACCOUNT_INVALID('organizationId', `no organization ${JSON.stringify(organizationId)}`);
    return { organizationId, sector: input.sector ?? null };
  }

  /** Creates a user. Recorded as `user.create` (the name only as a keyed hash). */
  async createUser(by: AccountAdmin, input: UserInput): Promise<User> {
    const username = checkUsername(input.username);
    const scope = await this.#scope(input);
    const roles = checkRoles(input.roles, scope);
    const displayName = checkDisplayName(input.displayName);
    checkPasswordPolicy(input.password);
    const now = this.#deps.clock.now();
    const user = await this.store.insertUser({
      id: newId(now),
      username,
      display_name: displayName,
      password_hash: await hashPassword(input.password, this.#cost),
      roles: JSON.stringify(roles),
      organization_id: scope.organizationId,
      sector: scope.sector,
      disabled: 0,
      created_at: now,
      updated_at: now,
      password_changed_at: now,
    });
    await this.#audit({
      actor: this.#adminActor(by),
      action: 'user.create',
      subjects: [{ type: 'user', id: user.id }, ...(user.organizationId === null ? [] : [{ type: 'organization', id: user.organizationId }])],
      personal: [{ kind: 'account', value: username }],
      details: { roles: [...roles], sector: user.sector },
    });
    return user;
  }

  /** Changes roles, scope, display name or the disabled flag. Recorded as `user.role_change` / `user.disable`. */
  async updateUser(by: AccountAdmin, id: string, patch: UserPatch): Promise<User> {
    const before = await this.store.requireUser(id);
    if (typeof by === 'object' && by.userId === id && (patch.disabled === true || (patch.roles !== undefined && !patch.roles.includes('admin')))) {
      throw new ERR_ACCOUNT_INVALID('user', 'an admin cannot disable their own account or drop their own admin role');
    }
    const scope = await this.#scope({ organizationId: patch.organizationId === undefined ? before.organizationId : patch.organizationId, sector: patch.sector === undefined ? before.sector : patch.sector });
    const roles = checkRoles(patch.roles ?? before.roles, scope);
    const displayName = patch.displayName === undefined ? before.displayName : checkDisplayName(patch.displayName);
    const disabled = patch.disabled ?? before.disabled;
    const user = await this.store.updateUser(id, { roles: JSON.stringify(roles), organization_id: scope.organizationId, sector: scope.sector, display_name: displayName, disabled: disabled ? 1 : 0, updated_at: this.#deps.clock.now() });
    this.#cache.forgetUser(id);
    const subjects = [{ type: 'user', id }];
    const rolesChanged = JSON.stringify([...roles].sort()) !== JSON.stringify([...before.roles].sort()) || scope.organizationId !== before.organizationId || scope.sector !== before.sector;
    if (rolesChanged) {
      await this.#audit({ actor: this.#adminActor(by), action: 'user.role_change', subjects, details: { change: 'roles', from: [...before.roles], to: [...roles], organization: scope.organizationId, sector: scope.sector } });
    }
    if (disabled !== before.disabled) {
      if (disabled) await this.store.deleteUserSessions(id);
      await this.#audit({ actor: this.#adminActor(by), action: 'user.disable', subjects, details: { disabled } });
    }
    return user;
  }

  /** Users, newest first. */
  listUsers(f: { limit: number; before?: string | undefined }): Promise<StorePage<User>> {
    return this.store.listUsers(f);
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
    const name = username.trim().toLowerCase().slice(0, 64);
    const now = this.#deps.clock.now();
    const wait = this.#limiter.attempt(name, address, now);
    if (wait > 0) {
      await this.#audit({ actor: { kind: 'system', id: 'sakimori' }, action: 'auth.sign_in_failed', outcome: 'denied', personal: [...this.#who(name), { kind: 'ip', value: address }], details: { reason: 'rate_limited' } });
      throw new ERR_AUTH_RATE_LIMITED(String(Math.ceil(wait / 1000)), { details: { retryAfterSeconds: Math.ceil(wait / 1000) } });
    }
    const row = await this.store.userRowByName(name);
    const ok = (await verifyPassword(password, row?.password_hash, this.#cost)) && row !== undefined && Number(row.disabled) === 0;
    this.#limiter.outcome(name, ok, now);
    if (!ok || row === undefined) {
      const reason = row === undefined ? 'unknown_user' : Number(row.disabled) === 1 ? 'disabled' : 'wrong_password';
      await this.#audit({
        actor: row === undefined ? { kind: 'system', id: 'sakimori' } : { kind: 'user', id: row.id },
        action: 'auth.sign_in_failed',
        outcome: 'denied',
        personal: [...this.#who(name), { kind: 'ip', value: address }],
        details: { reason },
      });
      throw new ERR_AUTH_INVALID_CREDENTIALS();
    }
    if (needsRehash(row.password_hash, this.#cost)) await this.store.updateUser(row.id, { password_hash: await hashPassword(password, this.#cost) });
    const token = randomBytes(32).toString('base64url');
    const id = sha256(token);
    await this.store.insertSession({ id, user_id: row.id, created_at: now, last_seen_at: now, expires_at: now + this.#sessions.absoluteMs });
    await this.#audit({ actor: { kind: 'user', id: row.id }, action: 'auth.sign_in', subjects: [{ type: 'session', id: id.slice(0, 32) }], personal: [{ kind: 'ip', value: address }], details: { method: 'password' } });
    const user = toUser(row);
    return { token, principal: this.#sessionPrincipal(user, id, token, now, now + this.#sessions.absoluteMs) };
  }

  #who(name: string): AuditEventInput['personal'] & object {
    return name === '' ? [] : [{ kind: 'account', value: name }];
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

  /** Ends a session. Recorded as `auth.sign_out`. */
  async signOut(principal: Principal): Promise<void> {
    if (principal.via !== 'session') return;
    await this.store.deleteSession(principal.credentialId);
    this.#cache.delete(principal.credentialId);
    await this.#audit({ actor: { kind: 'user', id: principal.user.id }, action: 'auth.sign_out', subjects: [{ type: 'session', id: principal.credentialId.slice(0, 32) }] });
  }

  /** Changes the caller's own password; their other sessions end. */
  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    const row = await this.store.userRow(principal.user.id);
    if (row === undefined || !(await verifyPassword(current, row.password_hash, this.#cost))) throw new ERR_AUTH_INVALID_CREDENTIALS();
    checkPasswordPolicy(next);
    const now = this.#deps.clock.now();
    await this.store.updateUser(row.id, { password_hash: await hashPassword(next, this.#cost), password_changed_at: now, updated_at: now });
    await this.store.deleteUserSessions(row.id, principal.via === 'session' ? principal.credentialId : undefined);
    this.#cache.forgetUser(row.id);
    await this.#audit({ actor: { kind: 'user', id: row.id }, action: 'user.role_change', subjects: [{ type: 'user', id: row.id }], details: { change: 'password' } });
  }

  /**
   * Creates an API token for a user acting in `roles` (a subset of the user's). Returns the
   * token text once; only its hash is kept. Recorded as `user.role_change` (`change: token_created`).
   */
  async createToken(by: AccountAdmin, input: { userId: string; name: string; roles?: readonly string[] | undefined; expiresInDays?: number | undefined }): Promise<{ token: string; record: ApiToken }> {
    const user = await this.store.requireUser(input.userId);
    const name = checkDisplayName(input.name);
    if (name === null) throw new ERR_ACCOUNT_INVALID('name', 'a token needs a name');
    const roles = input.roles === undefined ? [...user.roles] : checkRoles(input.roles, { organizationId: user.organizationId, sector: user.sector });
    const extra = roles.find((r) => !user.roles.includes(r));
    if (extra !== undefined) throw new ERR_ACCOUNT_INVALID('roles', `the user does not hold ${extra}`);
    const days = input.expiresInDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) throw new ERR_ACCOUNT_INVALID('expiresInDays', '1–3650');
    const now = this.#deps.clock.now();
    const id = newId(now);
    const secret = randomBytes(32).toString('base64url');
    const record = await this.store.insertToken({ id, user_id: user.id, name, secret_hash: sha256(secret), roles: JSON.stringify(roles), created_at: now, expires_at: days === undefined ? null : now + days * 86_400_000, last_used_at: null, revoked_at: null });
    await this.#audit({ actor: this.#adminActor(by), action: 'user.role_change', subjects: [{ type: 'user', id: user.id }, { type: 'token', id }], details: { change: 'token_created', roles: [...roles], expiresInDays: days ?? null } });
    return { token: `${TOKEN_PREFIX}${id}_${secret}`, record };
  }

  /** Revokes a token. Recorded as `user.role_change` (`change: token_revoked`). */
  async revokeToken(by: AccountAdmin, id: string): Promise<ApiToken> {
    const t = await this.store.revokeToken(id, this.#deps.clock.now());
    if (t === undefined) throw new ERR_ACCOUNT_NOT_FOUND('active token', JSON.stringify(id));
    this.#cache.forgetCredential(id);
    await this.#audit({ actor: this.#adminActor(by), action: 'user.role_change', subjects: [{ type: 'user', id: t.userId }, { type: 'token', id }], details: { change: 'token_revoked' } });
    return t;
  }

  /** Tokens, newest first. */
  listTokens(f: { userId?: string | undefined; limit: number; before?: string | undefined }): Promise<StorePage<ApiToken>> {
    return this.store.listTokens(f);
  }

  /** The principal of a bearer token, or undefined when it is malformed, unknown, revoked, expired or its user disabled. */
  async authenticateToken(text: string): Promise<Principal | undefined> {
    const m = /^skm_([0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/.exec(text);
    if (m === null) return undefined;
    const key = `t:${sha256(text)}`;
    const now = this.#deps.clock.now();
    const cached = this.#cache.get(key, now);
    if (cached !== undefined) return cached;
    const row = await this.store.tokenRow(m[1]!);
    if (row === undefined || row.revoked_at !== null || (row.expires_at !== null && Number(row.expires_at) <= now)) return undefined;
    const a = Buffer.from(row.secret_hash, 'hex');
    const b = Buffer.from(sha256(m[2]!), 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    const userRow = await this.store.userRow(row.user_id);
    if (userRow === undefined || Number(userRow.disabled) === 1) return undefined;
    const user = toUser(userRow);
    const roles = (JSON.parse(row.roles) as Role[]).filter((r) => user.roles.includes(r));
    if (roles.length === 0) return undefined;
    if (row.last_used_at === null || now - Number(row.last_used_at) >= TOUCH_MS) await this.store.touchToken(row.id, now);
    const principal: Principal = { actor: actorOf(user, roles), user, via: 'token', credentialId: row.id };
    this.#cache.set(key, principal, now);
    return principal;
  }

  /** Deletes expired and idle sessions; returns how many. */
  purgeSessions(): Promise<number> {
    const now = this.#deps.clock.now();
    return this.store.purgeSessions(now, now - this.#sessions.idleMs);
  }
}
